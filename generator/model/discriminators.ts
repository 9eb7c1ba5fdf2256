// Finds the property that tells the members of each union apart (`outcome` in a `FlowResult`),
// whether the schema names it with a `discriminator` keyword or not. TypeScript narrows on such a
// property by itself; the IR records it so that validators can pick the one member to check
// instead of trying each, and report errors against that member.
import type { Declaration, Discriminator, JsonScalar, ObjectNode, TypeNode } from "../core/ir.js";
import type { DiscriminatorHint } from "./convert.js";

export function attachDiscriminators(
  hints: readonly DiscriminatorHint[],
  declarations: readonly Declaration[],
): void {
  const byName = new Map(declarations.map((declaration) => [declaration.name, declaration]));
  const objectOf = (type: TypeNode, depth = 0): ObjectNode | undefined => {
    if (depth > 16) return undefined;
    if (type.kind === "object") return type;
    if (type.kind === "ref") {
      const target = byName.get(type.name);
      return target ? objectOf(target.type, depth + 1) : undefined;
    }
    return undefined;
  };

  for (const hint of hints) {
    const objects = hint.union.members.map((member) => objectOf(member));
    if (objects.some((object) => object === undefined)) continue;
    const candidates =
      hint.propertyName !== "" ? [hint.propertyName] : commonRequiredNames(objects as ObjectNode[]);
    for (const propertyName of candidates) {
      const discriminator = discriminatorFor(propertyName, objects as ObjectNode[], hint);
      if (discriminator) {
        (hint.union as { discriminator?: Discriminator }).discriminator = discriminator;
        break;
      }
    }
  }
}

function commonRequiredNames(objects: readonly ObjectNode[]): string[] {
  const [first, ...rest] = objects;
  if (!first) return [];
  return first.properties
    .filter((property) => property.required && property.type.kind === "literal")
    .map((property) => property.name)
    .filter((name) =>
      rest.every((object) => object.properties.some((p) => p.name === name && p.required)),
    );
}

function discriminatorFor(
  propertyName: string,
  objects: readonly ObjectNode[],
  hint: DiscriminatorHint,
): Discriminator | undefined {
  const mapping: { value: JsonScalar; member: number }[] = [];
  const seen = new Set<JsonScalar>();
  for (let member = 0; member < objects.length; member++) {
    const property = objects[member]!.properties.find((p) => p.name === propertyName);
    let values: JsonScalar[] = [];
    if (property?.required && property.type.kind === "literal") values = [property.type.value];
    else {
      // Without a constant in the member, the keyword's mapping may still say which value selects it.
      const address = hint.memberAddresses[member];
      for (const [value, target] of hint.mapping)
        if (address !== undefined && target === address) values.push(value);
    }
    if (values.length === 0) return undefined;
    for (const value of values) {
      if (seen.has(value)) return undefined;
      seen.add(value);
      mapping.push({ value, member });
    }
  }
  return { propertyName, mapping };
}
