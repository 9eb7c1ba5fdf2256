// Turns the method catalog into the IR's protocol: roles, methods and error codes, each checked
// against the schema's definitions and against each other. Every error points into the catalog.
import { InputError, childPointer, type Diagnostic } from "../core/diagnostics.js";
import type {
  Docs,
  ErrorCode,
  Method,
  Progress,
  Protocol,
  ResultByParams,
  Role,
  TypeNode,
} from "../core/ir.js";
import type { CatalogFile } from "../catalog/types.js";
import { camelCase, pascalCase } from "./naming.js";
import { compareCodePoints } from "./convert.js";
import { literalValues, resolvePointer } from "./pointers.js";
import { tokenPlace } from "./progress.js";

export interface ProtocolInput {
  readonly catalog: CatalogFile;
  /** How the catalog is named in messages. */
  readonly file: string;
  /** The declared name of a root-schema definition, by its key under `$defs`. */
  readonly definitionName: (key: string) => string | undefined;
  /**
   * The declared name of the schema at a JSON pointer into the root schema (declared under
   * `preferredName` when nothing declares it yet), or why there is none.
   */
  readonly pointerName: (pointer: string, preferredName: string) => string | { problem: string };
  /** The type of a declaration, by its declared name. */
  readonly declarationType: (name: string) => TypeNode | undefined;
}

export function buildProtocol({
  catalog,
  file,
  definitionName,
  pointerName,
  declarationType,
}: ProtocolInput): Protocol {
  const problems: Diagnostic[] = [];
  const problem = (pointer: string, message: string): void => {
    problems.push({ file, pointer, message });
  };

  /**
   * A result chosen by the params: the pointer must reach a property of the params, each value
   * must be one the params allow there, and each result must name a type.
   */
  const resultChoice = (
    entry: CatalogFile["methods"][number],
    at: string,
    paramsName: string | undefined,
    typeNamed: (
      reference: string,
      field: "result",
      where: string,
      preferredName: string,
    ) => { name: string } | undefined,
  ): ResultByParams | undefined => {
    const choice = entry.resultByParams!;
    const where = at + "/resultByParams";
    if (entry.kind !== "request") {
      problem(where, `notification "${entry.name}" has no result to choose`);
      return undefined;
    }
    if (paramsName === undefined) {
      if (entry.params === undefined)
        problem(where, `"${entry.name}" takes no params to choose its result by`);
      return undefined;
    }
    const found = resolvePointer(
      { kind: "ref", name: paramsName },
      choice.pointer,
      declarationType,
    );
    if ("problem" in found) {
      problem(
        where + "/pointer",
        `${found.problem} (in the params of "${entry.name}", ${paramsName})`,
      );
      return undefined;
    }
    const allowed = literalValues(found.types, declarationType);
    const seen = new Set<string>();
    let failed = false;
    const results = choice.results.flatMap((branch, index) => {
      const branchAt = childPointer(where, "results", index);
      const key = JSON.stringify(branch.value);
      if (seen.has(key)) {
        problem(branchAt + "/value", `value ${key} chooses a result twice`);
        failed = true;
        return [];
      }
      seen.add(key);
      if (allowed !== undefined && !allowed.includes(branch.value)) {
        problem(
          branchAt + "/value",
          `value ${key} is not one the params allow at "${choice.pointer}" (${allowed.map((value) => JSON.stringify(value)).join(", ")})`,
        );
        failed = true;
        return [];
      }
      const named = typeNamed(
        branch.result,
        "result",
        branchAt + "/result",
        pascalCase(entry.name) + pascalCase(String(branch.value)) + "Result",
      );
      if (named === undefined) {
        failed = true;
        return [];
      }
      return [{ value: branch.value, result: { kind: "ref" as const, name: named.name } }];
    });
    return failed ? undefined : { pointer: choice.pointer, path: found.path, results };
  };

  const errorsByName = new Map<string, ErrorCode>();
  const codesSeen = new Map<number, string>();
  catalog.errors.forEach((entry, index) => {
    const at = childPointer("/errors", index);
    if (errorsByName.has(entry.name)) problem(at + "/name", `duplicate error name "${entry.name}"`);
    const other = codesSeen.get(entry.code);
    if (other !== undefined)
      problem(at + "/code", `error code ${entry.code} is already used by "${other}"`);
    codesSeen.set(entry.code, entry.name);
    errorsByName.set(entry.name, {
      name: entry.name,
      code: entry.code,
      message: entry.message,
      ...(entry.description !== undefined && { description: entry.description }),
    });
  });
  const errorNamed = (name: string, pointer: string): ErrorCode | undefined => {
    const found = errorsByName.get(name);
    if (!found) problem(pointer, `unknown error "${name}" (not in "errors")`);
    return found;
  };

  const methodNames = new Set(catalog.methods.map((method) => method.name));
  const roleIds = Object.keys(catalog.roles);
  const roles: Role[] = roleIds.sort(compareCodePoints).map((id) => {
    const role = catalog.roles[id]!;
    const at = childPointer("/roles", id);
    const typeName = role.typeName ?? pascalCase(id);
    let lifecycle: Role["lifecycle"];
    if (role.lifecycle) {
      const { allowedBefore, readyAfter, notReadyError } = role.lifecycle;
      allowedBefore.forEach((name, index) => {
        if (!methodNames.has(name))
          problem(
            childPointer(at, "lifecycle", "allowedBefore", index),
            `unknown method "${name}"`,
          );
      });
      if (!methodNames.has(readyAfter))
        problem(at + "/lifecycle/readyAfter", `unknown method "${readyAfter}"`);
      const error = errorNamed(notReadyError, at + "/lifecycle/notReadyError");
      if (error)
        lifecycle = { allowedBefore: [...allowedBefore], readyAfter, notReadyError: error };
    }
    return {
      id,
      typeName,
      valueName: camelCase(typeName),
      ...(role.description !== undefined && { description: role.description }),
      ...(lifecycle && { lifecycle }),
    };
  });
  const typeNames = new Map<string, string>();
  for (const role of roles) {
    const other = typeNames.get(role.typeName);
    if (other !== undefined)
      problem(
        childPointer("/roles", role.id),
        `roles "${other}" and "${role.id}" would both be named ${role.typeName}`,
      );
    typeNames.set(role.typeName, role.id);
  }

  const methods: Method[] = [];
  const seenMethods = new Map<string, number>();
  const valueNames = new Map<string, string>();
  catalog.methods.forEach((entry, index) => {
    const at = childPointer("/methods", index);
    const first = seenMethods.get(entry.name);
    if (first !== undefined) {
      problem(
        at + "/name",
        `duplicate method "${entry.name}" (first defined at /methods/${first})`,
      );
      return;
    }
    seenMethods.set(entry.name, index);
    for (const side of ["from", "to"] as const) {
      if (!Object.hasOwn(catalog.roles, entry[side])) {
        problem(`${at}/${side}`, `unknown role "${entry[side]}" (roles: ${roleIds.join(", ")})`);
      }
    }
    // A type named in the catalog: a `$defs` key, or a JSON pointer into the schema (for params
    // and results that the schema defines inline, inside a request's own definition).
    const typeNamed = (
      reference: string,
      field: "params" | "result",
      where: string = `${at}/${field}`,
      preferredName: string = pascalCase(entry.name) + pascalCase(field),
    ): { name: string } | undefined => {
      if (reference.startsWith("#/")) {
        const found = pointerName(reference, preferredName);
        if (typeof found === "string") return { name: found };
        problem(where, found.problem);
        return undefined;
      }
      const name = definitionName(reference);
      if (name === undefined)
        problem(where, `no definition "${reference}" under $defs in the schema`);
      return name === undefined ? undefined : { name };
    };
    const params =
      entry.params === undefined ? { none: true as const } : typeNamed(entry.params, "params");
    if (entry.params === undefined && entry.optionalParams !== undefined)
      problem(
        at + "/optionalParams",
        `method "${entry.name}" takes no params, so they cannot be optional`,
      );
    if (params !== undefined && "name" in params) {
      const admitted = unstructuredValue({ kind: "ref", name: params.name }, declarationType);
      if (admitted !== undefined)
        problem(
          at + "/params",
          `params "${entry.params}" admits ${admitted}; JSON-RPC 2.0 (section 4.2) allows only an object or an array as params`,
        );
    }
    let result: string | undefined;
    if (entry.kind === "request") {
      if (entry.result === undefined)
        problem(at, `request "${entry.name}" needs a "result" definition`);
      else result = typeNamed(entry.result, "result")?.name;
    } else if (entry.result !== undefined) {
      problem(
        at + "/result",
        `notification "${entry.name}" cannot have a result: notifications are never answered`,
      );
    }
    if (entry.cancellable === false && entry.kind !== "request")
      problem(at + "/cancellable", `notification "${entry.name}" cannot be cancelled anyway`);
    if (entry.bothDirections === true && entry.from === entry.to)
      problem(at + "/bothDirections", `"${entry.name}" goes from "${entry.from}" to itself`);
    const errors = (entry.errors ?? []).flatMap((name, errorIndex) => {
      const found = errorNamed(name, childPointer(at, "errors", errorIndex));
      return found ? [found] : [];
    });
    const valueName = clientMemberName(entry.name);
    const clash = valueNames.get(valueName);
    if (clash !== undefined)
      problem(
        at + "/name",
        `methods "${clash}" and "${entry.name}" would both be called ${valueName}()`,
      );
    valueNames.set(valueName, entry.name);

    const docs: { -readonly [K in keyof Docs]: Docs[K] } = {};
    if (entry.description !== undefined) docs.description = entry.description;
    if (entry.deprecated !== undefined && entry.deprecated !== false) {
      docs.deprecated = true;
      if (typeof entry.deprecated === "string")
        docs.tags = [{ name: "deprecated", value: entry.deprecated }];
    }
    if (entry.since !== undefined)
      docs.tags = [...(docs.tags ?? []), { name: "since", value: entry.since }];
    const resultByParams =
      entry.resultByParams === undefined
        ? undefined
        : resultChoice(entry, at, params && "name" in params ? params.name : undefined, typeNamed);
    if (params === undefined || (entry.kind === "request" && result === undefined)) return;
    methods.push({
      name: entry.name,
      valueName,
      kind: entry.kind,
      from: entry.from,
      to: entry.to,
      ...("name" in params && { params: { kind: "ref" as const, name: params.name } }),
      optionalParams: entry.optionalParams === true,
      bothDirections: entry.bothDirections === true,
      cancellable: entry.cancellable !== false,
      ...(result !== undefined && { result: { kind: "ref" as const, name: result } }),
      ...(resultByParams && { resultByParams }),
      errors,
      docs,
      source: { file, pointer: at },
    });
  });

  let cancellation: Protocol["cancellation"];
  if (catalog.cancellation) {
    const method = catalog.methods.find((m) => m.name === catalog.cancellation!.method);
    if (!method) problem("/cancellation/method", `unknown method "${catalog.cancellation.method}"`);
    else if (method.kind !== "notification")
      problem(
        "/cancellation/method",
        `cancellation must be a notification, "${method.name}" is a request`,
      );
    else cancellation = { method: method.name, idProperty: catalog.cancellation.idProperty };
  }

  const progress = progressOf(catalog, methods, declarationType, problem);

  const extensions = [...(catalog.extensions ?? [])];
  extensions.forEach((extension, index) => {
    const at = childPointer("/extensions", index);
    const other = extensions.findIndex(
      (earlier, earlierIndex) =>
        earlierIndex < index &&
        (earlier.prefix.startsWith(extension.prefix) ||
          extension.prefix.startsWith(earlier.prefix)),
    );
    if (other !== -1)
      problem(
        at + "/prefix",
        `prefix "${extension.prefix}" overlaps "${extensions[other]!.prefix}" (/extensions/${other})`,
      );
  });

  if (problems.length > 0) throw new InputError(problems);
  return {
    name: catalog.protocol.name,
    title: catalog.protocol.title,
    ...(catalog.protocol.description !== undefined && {
      description: catalog.protocol.description,
    }),
    roles,
    methods: (progress?.methods ?? methods).sort((a, b) => compareCodePoints(a.name, b.name)),
    errors: [...errorsByName.values()].sort((a, b) => b.code - a.code),
    ...(cancellation && { cancellation }),
    ...(progress?.progress && { progress: progress.progress }),
    extensions: extensions
      .map((extension) => ({
        prefix: extension.prefix,
        ...(extension.description !== undefined && { description: extension.description }),
      }))
      .sort((a, b) => compareCodePoints(a.prefix, b.prefix)),
  };
}

/**
 * The catalog's progress notification, and the methods with the place of their progress token.
 * A pointer the catalog names for one method, or for the notification, must resolve in the
 * schema; the default pointer applies to the requests whose params define it, and must fit one.
 */
function progressOf(
  catalog: CatalogFile,
  methods: readonly Method[],
  declarationType: (name: string) => TypeNode | undefined,
  problem: (pointer: string, message: string) => void,
): { progress?: Progress; methods: Method[] } | undefined {
  const declared = catalog.progress;
  const byName = new Map(methods.map((method) => [method.name, method]));
  catalog.methods.forEach((entry, index) => {
    if (entry.progressTokenPointer === undefined) return;
    const at = childPointer("/methods", index) + "/progressTokenPointer";
    if (entry.progressTokenPointer === true)
      problem(at, "progressTokenPointer is a JSON pointer, or false for no progress");
    else if (declared === undefined)
      problem(at, `"${entry.name}" names a progress token, but the catalog declares no "progress"`);
    else if (entry.kind !== "request")
      problem(at, `notification "${entry.name}" has no caller waiting to be told of its progress`);
  });
  if (declared === undefined) return undefined;

  let progress: Progress | undefined;
  const notification = byName.get(declared.method);
  if (notification === undefined) {
    if (!catalog.methods.some((method) => method.name === declared.method))
      problem("/progress/method", `unknown method "${declared.method}"`);
  } else if (notification.kind !== "notification") {
    problem(
      "/progress/method",
      `progress must be a notification, "${notification.name}" is a request`,
    );
  } else if (notification.params === undefined) {
    problem("/progress/method", `"${notification.name}" takes no params, so it carries no token`);
  } else {
    const token = tokenPlace(notification.params, declared.tokenPointer, declarationType);
    if ("problem" in token)
      problem(
        "/progress/tokenPointer",
        `${token.problem} (in the params of "${notification.name}", ${notification.params.name})`,
      );
    else progress = { method: notification.name, token };
  }

  let defaultFits = 0;
  const withTokens = methods.map((method): Method => {
    if (method.kind !== "request") return method;
    const index = catalog.methods.findIndex((entry) => entry.name === method.name);
    const own = catalog.methods[index]?.progressTokenPointer;
    if (own === false || own === true) return method;
    const pointer = own ?? declared.requestTokenPointer;
    if (pointer === undefined) return method;
    const found =
      method.params === undefined
        ? { problem: `pointer "${pointer}" does not resolve: "${method.name}" takes no params` }
        : tokenPlace(method.params, pointer, declarationType);
    if ("problem" in found) {
      // The default applies only where it fits; a method's own pointer must.
      if (own !== undefined)
        problem(
          childPointer("/methods", index) + "/progressTokenPointer",
          `${found.problem} (in the params of "${method.name}"${method.params ? ", " + method.params.name : ""})`,
        );
      return method;
    }
    if (own === undefined) defaultFits++;
    return { ...method, progressToken: found };
  });
  if (declared.requestTokenPointer !== undefined && defaultFits === 0)
    problem(
      "/progress/requestTokenPointer",
      `pointer "${declared.requestTokenPointer}" resolves in the params of no request that does not name its own`,
    );
  return { ...(progress && { progress }), methods: withTokens };
}

/**
 * Generated clients have members of their own (a constructor, `request` and `notify` for calls
 * by method name, and the calls of extension methods), and handlers have the extension
 * handlers: a method whose name would collide with one gets a `_` suffix.
 */
const CLIENT_MEMBERS = new Set([
  "constructor",
  "request",
  "notify",
  "requestExtension",
  "notifyExtension",
  "extensionRequest",
  "extensionNotification",
]);

function clientMemberName(wireName: string): string {
  const name = camelCase(wireName);
  return CLIENT_MEMBERS.has(name) ? `${name}_` : name;
}

/**
 * A value other than an object or an array that `type` admits, described ("a string", "null"),
 * or `undefined` when it admits only objects and arrays. Followed through references (a cycle
 * admits nothing new), unions (any member's) and intersections (structured if any member is).
 */
function unstructuredValue(
  type: TypeNode,
  declarationType: (name: string) => TypeNode | undefined,
  seen: ReadonlySet<string> = new Set(),
): string | undefined {
  switch (type.kind) {
    case "object":
    case "array":
    case "never":
      return undefined;
    case "json":
      return "any JSON value";
    case "null":
      return "null";
    case "boolean":
      return "a boolean";
    case "string":
      return "a string";
    case "number":
      return type.integer ? "an integer" : "a number";
    case "literal":
      return `the value ${JSON.stringify(type.value)}`;
    case "ref": {
      const target = declarationType(type.name);
      if (target === undefined || seen.has(type.name)) return undefined;
      return unstructuredValue(target, declarationType, new Set([...seen, type.name]));
    }
    case "union":
      for (const member of type.members) {
        const admitted = unstructuredValue(member, declarationType, seen);
        if (admitted !== undefined) return admitted;
      }
      return undefined;
    case "intersection": {
      const admitted = type.members.map((member) =>
        unstructuredValue(member, declarationType, seen),
      );
      return admitted.includes(undefined) ? undefined : admitted[0];
    }
  }
}
