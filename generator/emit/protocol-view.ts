// The view model of the protocol files (registry, clients, connections): plain data, named and
// ordered, that the templates lay out. All naming decisions for these files are made here.
import type { Docs, Method, Model, Protocol, Role } from "../core/ir.js";
import { docComment } from "./jsdoc.js";
import type { ValidatorNames } from "./validators.js";

export interface MethodView {
  readonly name: string;
  /** The name as a JSON string literal, for keys and literal types. */
  readonly literal: string;
  readonly valueName: string;
  readonly kind: Method["kind"];
  readonly isRequest: boolean;
  readonly from: string;
  readonly to: string;
  readonly paramsType: string;
  readonly resultType: string;
  /** The types as spelled in modules that import the types module as `types`. */
  readonly paramsTypeRef: string;
  readonly resultTypeRef: string;
  readonly paramsValidator: string;
  readonly resultValidator: string | undefined;
  /** Params may be left out when the params type has no required property. */
  readonly paramsOptional: boolean;
  readonly errorNames: readonly string[];
  readonly description: string;
  /** JSDoc block (with trailing newline) or "". */
  readonly doc: string;
}

export interface RoleView {
  readonly id: string;
  readonly idLiteral: string;
  readonly typeName: string;
  readonly valueName: string;
  readonly description: string;
  readonly doc: string;
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
  readonly calls: readonly { readonly typeName: string; readonly valueName: string }[];
  readonly lifecycle?: {
    readonly allowedBefore: readonly string[];
    readonly readyAfter: string;
    readonly errorName: string;
    readonly message: string;
  };
  /** In a two-role protocol, the other role: what a process spawned to play this role talks to. */
  readonly counterpart?: { readonly typeName: string; readonly valueName: string };
}

export interface ErrorView {
  readonly name: string;
  readonly code: number;
  readonly message: string;
  readonly doc: string;
}

export interface ProtocolView {
  readonly title: string;
  readonly methods: readonly MethodView[];
  readonly requests: readonly MethodView[];
  readonly notifications: readonly MethodView[];
  readonly roles: readonly RoleView[];
  readonly errors: readonly ErrorView[];
  readonly cancellation?: { readonly method: string; readonly idProperty: string };
  readonly twoRoles: boolean;
  /** Client classes that connections create, sorted. */
  readonly clientNames: readonly string[];
  readonly hasLifecycle: boolean;
  /** Names of the validators the registry uses, sorted. */
  readonly validatorImports: readonly string[];
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
  const methods = protocol.methods.map((method): MethodView => {
    const paramsType = method.params.name;
    const resultType = method.result?.name ?? "void";
    return {
      name: method.name,
      literal: JSON.stringify(method.name),
      valueName: method.valueName,
      kind: method.kind,
      isRequest: method.kind === "request",
      from: method.from,
      to: method.to,
      paramsType,
      resultType,
      paramsTypeRef: `types.${paramsType}`,
      resultTypeRef: method.result ? `types.${resultType}` : "void",
      paramsValidator: validatorName(paramsType),
      resultValidator: method.result ? validatorName(method.result.name) : undefined,
      paramsOptional: paramsOptional(paramsType),
      errorNames: method.errors.map((error) => error.name),
      description: method.docs.description ?? "",
      doc: methodDoc(method),
    };
  });

  const roleById = new Map(protocol.roles.map((role) => [role.id, role]));
  const roles = protocol.roles.map((role): RoleView => {
    // The cancellation notification is handled by the connection itself (it aborts the request's
    // signal), so no handler is asked for it; clients may still send it.
    const handles = methods.filter((method) => method.to === role.id);
    const handled = handles.filter((method) => method.name !== protocol.cancellation?.method);
    const targets = [
      ...new Set(methods.filter((method) => method.from === role.id).map((method) => method.to)),
    ].sort();
    const others = protocol.roles.filter((other) => other.id !== role.id);
    return {
      id: role.id,
      idLiteral: JSON.stringify(role.id),
      typeName: role.typeName,
      valueName: role.valueName,
      description: role.description ?? "",
      doc: docComment({ ...(role.description !== undefined && { description: role.description }) }),
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
          allowedBefore: role.lifecycle.allowedBefore,
          readyAfter: role.lifecycle.readyAfter,
          errorName: role.lifecycle.notReadyError.name,
          message: role.lifecycle.notReadyError.message,
        },
      }),
      ...(others.length === 1 && { counterpart: roleNames(others[0]!) }),
    };
  });

  const validatorImports = new Set<string>();
  for (const method of methods) {
    validatorImports.add(method.paramsValidator);
    if (method.resultValidator) validatorImports.add(method.resultValidator);
  }
  const clientNames = [
    ...new Set(roles.flatMap((role) => role.calls.map((call) => `${call.typeName}Client`))),
  ].sort();
  return {
    title: protocol.title,
    methods,
    requests: methods.filter((method) => method.isRequest),
    notifications: methods.filter((method) => !method.isRequest),
    roles,
    errors: protocol.errors.map((error) => ({
      name: error.name,
      code: error.code,
      message: error.message,
      doc: docComment({ description: error.description ?? error.message }),
    })),
    ...(protocol.cancellation && { cancellation: protocol.cancellation }),
    twoRoles: protocol.roles.length === 2,
    clientNames,
    hasLifecycle: roles.some((role) => role.lifecycle !== undefined),
    validatorImports: [...validatorImports].sort(),
  };
}

function roleNames(role: Role): { typeName: string; valueName: string } {
  return { typeName: role.typeName, valueName: role.valueName };
}

function methodDoc(method: Method): string {
  const docs: Docs = {
    ...method.docs,
    description: [
      method.docs.description,
      `Wire name: \`${method.name}\` (${method.kind}, ${method.from} → ${method.to}).`,
    ]
      .filter((part) => part !== undefined && part !== "")
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
  return docComment(docs);
}
