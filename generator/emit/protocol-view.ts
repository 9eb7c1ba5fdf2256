// The view model of the protocol files (registry, clients, connections): plain data, named and
// ordered, that the templates lay out. All naming decisions for these files are made here, and
// every value is printed for the place its template puts it (see printed.ts): wire names and
// role ids as string literals, names as identifiers, docs as complete comments.
import type { Docs, Method, Model, Protocol, Role } from "../core/ir.js";
import { docComment } from "./jsdoc.js";
import {
  code,
  identifier,
  lineCommentText,
  numericLiteral,
  scalarLiteral,
  stringLiteral,
  type Printed,
} from "./printed.js";
import type { ValidatorNames } from "./validators.js";

export interface MethodView {
  /** The wire name as a string literal, for keys and literal types. */
  readonly literal: Printed;
  readonly valueName: Printed;
  readonly kindLiteral: Printed;
  readonly isRequest: boolean;
  readonly fromLiteral: Printed;
  readonly toLiteral: Printed;
  readonly paramsTypeLiteral: Printed;
  readonly resultTypeLiteral: Printed;
  /** The types as spelled in modules that import the types module as `types`. */
  readonly paramsTypeRef: Printed;
  /** The params type for an argument that may be left out (`params?:`), without `| undefined`. */
  readonly paramsArgumentType: Printed;
  readonly resultTypeRef: Printed;
  readonly paramsValidator: Printed;
  readonly resultValidator: Printed | undefined;
  /** Params may be left out when the params type has no required property. */
  readonly paramsOptional: boolean;
  /** The method takes no params: its calls send none. */
  readonly noParams: boolean;
  /** Params may be absent on the wire, so the caller's argument is optional (`params?:`). */
  readonly mayOmitParams: boolean;
  /** What the registry checks params with: a validator, or one wrapped to accept absent params. */
  readonly paramsCheck: Printed;
  /** `false` for requests that must never be cancelled. */
  readonly cancellable: boolean;
  /** Where a caller that follows its progress puts the token; absent: it reports none. */
  readonly progressToken?: { readonly path: readonly Printed[]; readonly typeLiteral: Printed };
  /** The type of a call's options: with `onProgress` when it reports progress. */
  readonly callOptionsType: Printed;
  /** A result chosen by a value in the params: one client overload and one validator per value. */
  readonly resultChoice?: {
    readonly path: readonly Printed[];
    readonly branches: readonly {
      readonly valueLiteral: Printed;
      readonly validator: Printed;
      readonly resultTypeRef: Printed;
      /** The params type's narrowing for the value, e.g. `{ "view": "full" }`. */
      readonly paramsNarrowing: Printed;
    }[];
  };
  readonly bothDirections: boolean;
  readonly errorNames: readonly Printed[];
  readonly descriptionLiteral: Printed;
  /** JSDoc block (with trailing newline), or absent. */
  readonly doc: Printed | undefined;
}

export interface RoleView {
  readonly idLiteral: Printed;
  readonly typeName: Printed;
  readonly typeNameLiteral: Printed;
  readonly valueName: Printed;
  /** The role's own description as a JSDoc block, for the registry entry. */
  readonly doc: Printed | undefined;
  /** The doc of the role's client class. */
  readonly clientDoc: Printed;
  /** The doc of the role's `createXConnection`. */
  readonly connectionDoc: Printed;
  /** Methods this role receives. */
  readonly handles: readonly MethodView[];
  /** Those its handlers answer: all but the cancellation notification, which the connection handles. */
  readonly handled: readonly MethodView[];
  readonly hasHandledNotifications: boolean;
  readonly handlesRequests: readonly MethodView[];
  readonly handlesNotifications: readonly MethodView[];
  readonly hasRequests: boolean;
  readonly hasNotifications: boolean;
  /** Roles this role sends methods to: the clients its connection holds. */
  readonly calls: readonly RoleNames[];
  readonly lifecycle?: {
    readonly allowedBefore: readonly Printed[];
    readonly readyAfter: Printed;
    readonly errorName: Printed;
  };
  /** In a two-role protocol, the other role: what a process spawned to play this role talks to. */
  readonly counterpart?: RoleNames;
}

export interface RoleNames {
  readonly typeName: Printed;
  readonly valueName: Printed;
}

export interface ErrorView {
  readonly name: Printed;
  readonly code: Printed;
  readonly messageLiteral: Printed;
  readonly doc: Printed | undefined;
}

export interface ProtocolView {
  /** The protocol's title, for a `//` line. */
  readonly titleComment: Printed;
  readonly methods: readonly MethodView[];
  readonly requests: readonly MethodView[];
  readonly notifications: readonly MethodView[];
  readonly roles: readonly RoleView[];
  readonly errors: readonly ErrorView[];
  readonly cancellation?: { readonly method: Printed; readonly idProperty: Printed };
  /** The progress notification: its name, where its params hold the token, and its params type. */
  readonly progress?: {
    readonly method: Printed;
    readonly tokenPath: readonly Printed[];
    readonly paramsType: Printed;
  };
  /** Requests that report progress. */
  readonly progressRequests: readonly MethodView[];
  /** Whether some client method takes plain `CallOptions` (otherwise clients need not import it). */
  readonly clientsTakeCallOptions: boolean;
  readonly twoRoles: boolean;
  /** Client classes that connections create, sorted. */
  readonly clientNames: readonly Printed[];
  readonly hasLifecycle: boolean;
  /** Names of the validators the registry uses, sorted. */
  readonly validatorImports: readonly Printed[];
  /** Runtime helpers the registry wraps validators with (`absentParams`, `optionalParams`). */
  readonly paramsHelpers: readonly Printed[];
  /** Extension prefixes, as string literals; empty when the protocol reserves none. */
  readonly extensionPrefixes: readonly Printed[];
  /** The template literal type of an extension method name (`never` without prefixes). */
  readonly extensionNameType: Printed;
  /** The extension prefixes as one doc comment. */
  readonly extensionDoc: Printed | undefined;
}

/** Whether `role` receives `method`: it is its `to`, or its `from` when it goes both ways. */
export function receives(role: { readonly id: string }, method: Method): boolean {
  return method.to === role.id || (method.bothDirections && method.from === role.id);
}

/** The roles `role` sends `method` to (none, one, or in a two-way method, the other end). */
export function sendsTo(role: { readonly id: string }, method: Method): string[] {
  const targets: string[] = [];
  if (method.from === role.id) targets.push(method.to);
  if (method.bothDirections && method.to === role.id) targets.push(method.from);
  return targets;
}

/** A method with the facts the view needs to group it, beside what the templates print. */
interface MethodEntry {
  readonly method: Method;
  readonly view: MethodView;
}

export function protocolView(
  model: Model,
  protocol: Protocol,
  validators: ReadonlyMap<string, ValidatorNames>,
): ProtocolView {
  const validatorName = (typeName: string): string => validators.get(typeName)!.validate;
  const declarations = new Map(
    model.declarations.map((declaration) => [declaration.name, declaration]),
  );
  const paramsOptional = (typeName: string): boolean => {
    const type = declarations.get(typeName)?.type;
    return type?.kind === "object" && type.properties.every((property) => !property.required);
  };
  const paramsHelpers = new Set<string>();
  // What `onProgress` receives: the params of the progress notification (present, since they
  // carry the token).
  const progressMethod = protocol.methods.find(
    (method) => method.name === protocol.progress?.method,
  );
  const progressParamsType =
    progressMethod?.params === undefined
      ? undefined
      : code`types.${identifier(progressMethod.params.name)}`;
  const entries = protocol.methods.map((method): MethodEntry => {
    const paramsType = method.params?.name;
    const resultType = method.result?.name;
    let paramsCheck: Printed;
    let paramsTypeRef: Printed;
    let paramsArgumentType: Printed;
    if (paramsType === undefined) {
      paramsHelpers.add("absentParams");
      paramsCheck = code`absentParams`;
      paramsTypeRef = code`undefined`;
      paramsArgumentType = paramsTypeRef;
    } else if (method.optionalParams) {
      paramsHelpers.add("optionalParams");
      paramsCheck = code`optionalParams(${identifier(validatorName(paramsType))})`;
      paramsTypeRef = code`types.${identifier(paramsType)} | undefined`;
      paramsArgumentType = code`types.${identifier(paramsType)}`;
    } else {
      paramsCheck = identifier(validatorName(paramsType));
      paramsTypeRef = code`types.${identifier(paramsType)}`;
      paramsArgumentType = paramsTypeRef;
    }
    return {
      method,
      view: {
        literal: stringLiteral(method.name),
        valueName: identifier(method.valueName),
        kindLiteral: stringLiteral(method.kind),
        isRequest: method.kind === "request",
        fromLiteral: stringLiteral(method.from),
        toLiteral: stringLiteral(method.to),
        paramsTypeLiteral: stringLiteral(paramsType ?? "undefined"),
        resultTypeLiteral: stringLiteral(resultType ?? "void"),
        paramsTypeRef,
        paramsArgumentType,
        resultTypeRef:
          resultType === undefined ? code`void` : code`types.${identifier(resultType)}`,
        paramsValidator: paramsCheck,
        resultValidator:
          resultType === undefined ? undefined : identifier(validatorName(resultType)),
        paramsOptional:
          paramsType !== undefined && !method.optionalParams && paramsOptional(paramsType),
        noParams: paramsType === undefined,
        mayOmitParams: method.optionalParams,
        paramsCheck,
        cancellable: method.cancellable,
        ...(method.progressToken &&
          progressParamsType && {
            progressToken: {
              path: method.progressToken.path.map(stringLiteral),
              typeLiteral: stringLiteral(method.progressToken.type),
            },
          }),
        callOptionsType:
          method.progressToken && progressParamsType
            ? code`ProgressCallOptions<${progressParamsType}>`
            : code`CallOptions`,
        ...(method.resultByParams && {
          resultChoice: {
            path: method.resultByParams.path.map(stringLiteral),
            branches: method.resultByParams.results.map((branch) => ({
              valueLiteral: scalarLiteral(branch.value),
              validator: identifier(validatorName(branch.result.name)),
              resultTypeRef: code`types.${identifier(branch.result.name)}`,
              paramsNarrowing: [...method.resultByParams!.path]
                .reverse()
                .reduce(
                  (inner, name) => code`{ ${stringLiteral(name)}: ${inner} }`,
                  scalarLiteral(branch.value),
                ),
            })),
          },
        }),
        bothDirections: method.bothDirections,
        errorNames: method.errors.map((error) => identifier(error.name)),
        descriptionLiteral: stringLiteral(method.docs.description ?? ""),
        doc: docComment(methodDocs(method, progressParamsType && protocol.progress?.method)),
      },
    };
  });
  const methods = entries.map((entry) => entry.view);
  const receivedBy = (role: Role): MethodEntry[] =>
    entries.filter((entry) => receives(role, entry.method));

  const roleById = new Map(protocol.roles.map((role) => [role.id, role]));
  const roles = protocol.roles.map((role): RoleView => {
    // The cancellation notification is handled by the connection itself (it aborts the request's
    // signal), so no handler is asked for it; clients may still send it.
    const received = receivedBy(role);
    const handles = received.map((entry) => entry.view);
    const handled = received
      .filter((entry) => entry.method.name !== protocol.cancellation?.method)
      .map((entry) => entry.view);
    const targets = [...new Set(entries.flatMap((entry) => sendsTo(role, entry.method)))].sort();
    const others = protocol.roles.filter((other) => other.id !== role.id);
    return {
      idLiteral: stringLiteral(role.id),
      typeName: identifier(role.typeName),
      typeNameLiteral: stringLiteral(role.typeName),
      valueName: identifier(role.valueName),
      doc: docComment({
        ...(role.description !== undefined && { description: role.description }),
      }),
      clientDoc: docComment(
        {
          description: [`Calls the ${role.typeName}.`, role.description].filter(Boolean).join(" "),
        },
        { block: true },
      )!,
      connectionDoc: docComment({ description: connectionSummary(role) }, { block: true })!,
      handles,
      handled,
      handlesRequests: handles.filter((method) => method.isRequest),
      handlesNotifications: handles.filter((method) => !method.isRequest),
      hasRequests: handles.some((method) => method.isRequest),
      hasNotifications: handles.some((method) => !method.isRequest),
      hasHandledNotifications: handled.some((method) => !method.isRequest),
      calls: targets.map((id) => roleNames(roleById.get(id)!)),
      ...(role.lifecycle && {
        lifecycle: {
          allowedBefore: role.lifecycle.allowedBefore.map(stringLiteral),
          readyAfter: stringLiteral(role.lifecycle.readyAfter),
          errorName: identifier(role.lifecycle.notReadyError.name),
        },
      }),
      ...(others.length === 1 && { counterpart: roleNames(others[0]!) }),
    };
  });

  const validatorImports = new Set<string>();
  for (const { method } of entries) {
    if (method.params) validatorImports.add(validatorName(method.params.name));
    if (method.result) validatorImports.add(validatorName(method.result.name));
    for (const branch of method.resultByParams?.results ?? [])
      validatorImports.add(validatorName(branch.result.name));
  }
  const clientNames = new Set<string>();
  for (const role of protocol.roles) {
    for (const entry of entries) {
      for (const target of sendsTo(role, entry.method))
        clientNames.add(`${roleById.get(target)!.typeName}Client`);
    }
  }
  return {
    titleComment: lineCommentText(protocol.title),
    methods,
    requests: methods.filter((method) => method.isRequest),
    notifications: methods.filter((method) => !method.isRequest),
    roles,
    errors: protocol.errors.map((error) => ({
      name: identifier(error.name),
      code: numericLiteral(error.code),
      messageLiteral: stringLiteral(error.message),
      doc: docComment({ description: error.description ?? error.message }),
    })),
    ...(protocol.cancellation && {
      cancellation: {
        method: stringLiteral(protocol.cancellation.method),
        idProperty: stringLiteral(protocol.cancellation.idProperty),
      },
    }),
    ...(protocol.progress &&
      progressParamsType && {
        progress: {
          method: stringLiteral(protocol.progress.method),
          tokenPath: protocol.progress.token.path.map(stringLiteral),
          paramsType: progressParamsType,
        },
      }),
    progressRequests: methods.filter((method) => method.progressToken !== undefined),
    clientsTakeCallOptions:
      protocol.extensions.length > 0 ||
      entries.some(
        ({ method }) =>
          method.kind === "request" &&
          (method.progressToken === undefined || progressParamsType === undefined),
      ),
    twoRoles: protocol.roles.length === 2,
    clientNames: [...clientNames].sort().map(identifier),
    hasLifecycle: roles.some((role) => role.lifecycle !== undefined),
    validatorImports: [...validatorImports].sort().map(identifier),
    paramsHelpers: [...paramsHelpers].sort().map(identifier),
    extensionPrefixes: protocol.extensions.map((extension) => stringLiteral(extension.prefix)),
    extensionNameType:
      protocol.extensions.length === 0
        ? code`never`
        : protocol.extensions
            // `${"prefix"}${string}`: the prefix stands as a string literal type, printed as such.
            .map((extension) => code`\`\${${stringLiteral(extension.prefix)}}\${string}\``)
            .reduce((all, next) => code`${all} | ${next}`),
    extensionDoc: docComment({
      description: [
        "The name of an extension method: one that starts with a prefix the protocol reserves for extensions.",
        ...protocol.extensions.map(
          (extension) =>
            `\`${extension.prefix}\`${extension.description === undefined ? "" : ": " + extension.description}`,
        ),
      ].join("\n\n"),
    }),
  };
}

function roleNames(role: Role): RoleNames {
  return { typeName: identifier(role.typeName), valueName: identifier(role.valueName) };
}

/** What `createXConnection` does, in words: the doc comment prints (and escapes) it. */
function connectionSummary(role: Role): string {
  const lifecycle = role.lifecycle;
  if (!lifecycle) {
    return `Serves the ${role.typeName}'s methods over \`transport\`, and calls the other side through the returned clients.`;
  }
  const allowed = lifecycle.allowedBefore.map((name) => `\`${name}\``).join(", ");
  return (
    `Serves the ${role.typeName}'s methods over \`transport\` (refusing requests other than ` +
    `${allowed} with ${lifecycle.notReadyError.name} until \`${lifecycle.readyAfter}\` arrives), ` +
    `and calls the other side through the returned clients.`
  );
}

function methodDocs(method: Method, progressMethod: string | undefined): Docs {
  return {
    ...method.docs,
    description: [
      method.docs.description,
      `Wire name: \`${method.name}\` (${method.kind}, ${method.from} → ${method.to}).`,
      method.resultByParams &&
        `Its result follows \`${method.resultByParams.pointer}\` in the params: ${method.resultByParams.results
          .map((branch) => `${JSON.stringify(branch.value)} answers \`${branch.result.name}\``)
          .join(", ")}; other params, \`${method.result?.name}\`.`,
      method.progressToken &&
        progressMethod !== undefined &&
        `Reports progress: \`onProgress\` in the call options is told each \`${progressMethod}\` for the call (the runtime puts its token at \`${method.progressToken.pointer}\` in the params).`,
    ]
      .filter((part): part is string => typeof part === "string" && part !== "")
      .join("\n\n"),
    ...(method.errors.length > 0 && {
      tags: [
        ...(method.docs.tags ?? []),
        {
          name: "errors",
          value: method.errors.map((error) => `${error.name} (${error.code})`).join(", "),
        },
      ],
    }),
  };
}
