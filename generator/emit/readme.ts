// The package's README. Its template is written in the formatter's Markdown style, so the
// format stage passes the file by and formats only its TypeScript examples (with the parser it
// formats the modules with, whose output for them is the same: a test checks it): the Markdown
// formatter alone costs more to load than a run that changed one description needs in all.
//
// The one thing the template cannot vouch for is the prose the schema and catalog bring:
// the formatter rewrites emphasis markers (`*a*` as `_a_`, `__a__` as `**a**`), a code span the
// prose leaves open, and the spaces at the ends of a code span. A README whose prose holds `*` or
// `_`, such a code span, or nothing but spaces goes through the Markdown formatter whole.
import type { Method, Model, Role } from "../core/ir.js";
import type { OutputFile } from "../core/options.js";
import type { Common } from "./common.js";
import { receives, sendsTo } from "./protocol-view.js";
import {
  identifier,
  generatedCode,
  lineCommentText,
  markdownCode,
  markdownParagraph,
  markdownText as markdownProse,
  stringLiteral,
  type Printed,
} from "./printed.js";
import type { Render } from "./templates.js";

export function readmeFile(render: Render, model: Model, common: Common): OutputFile {
  const prose = new Prose();
  // A section whose list is empty leaves its blank lines side by side; in Markdown (and in the
  // examples, which the formatter lays out) a run of blank lines means what one does.
  const content = renderReadme(render, model, common, prose)
    .replace(/\n{3,}/g, "\n\n")
    .replace(/\n*$/, "\n");
  const file: OutputFile = { path: "README.md", content, role: "source" };
  if (prose.mayBeRewritten) return file;
  return { ...file, preformatted: true, unformatted: typeScriptExamples(content) };
}

/** The prose a README holds, printed, and whether the Markdown formatter might rewrite any of it. */
class Prose {
  mayBeRewritten = false;

  /** Inline prose: on one line, its spaces run together as the formatter would run them. */
  text(value: string): Printed {
    return this.#record(markdownProse(spacesRunTogether(value)));
  }

  /** Prose that starts a line. */
  paragraph(value: string): Printed {
    return this.#record(markdownParagraph(spacesRunTogether(value)));
  }

  #record(printed: Printed): Printed {
    const text = printed.text;
    // Prose of spaces alone leaves the template's spaces on either side of it side by side.
    if (/[*_]/.test(text) || text === "" || !codeSpansAsWritten(text)) this.mayBeRewritten = true;
    return printed;
  }
}

/** Spaces, tabs and line breaks (which prose, being on one line, shows as spaces) as one space. */
function spacesRunTogether(text: string): string {
  return text.replace(/[ \t\r\n\u2028\u2029]+/g, " ").trim();
}

/**
 * Whether the prose's code spans are ones the formatter prints as written: each one it opens, it
 * closes (a run of backticks closes the span the last run of the same length opened; an open one
 * would take in the template's text that follows), and none starts or ends with a space (the
 * formatter drops it).
 */
function codeSpansAsWritten(text: string): boolean {
  let open: { length: number; end: number } | undefined;
  for (const match of text.matchAll(/`+/g)) {
    const run = match[0];
    if (open === undefined) {
      open = { length: run.length, end: match.index + run.length };
    } else if (run.length === open.length) {
      const content = text.slice(open.end, match.index);
      if (/^\s|\s$/.test(content)) return false;
      open = undefined;
    }
  }
  return open === undefined;
}

/** The contents of the README's fenced TypeScript examples: their template opens them with a line "```ts". */
function typeScriptExamples(content: string): { start: number; end: number }[] {
  const parts: { start: number; end: number }[] = [];
  const opening = /^```ts\n/gm;
  for (let match = opening.exec(content); match !== null; match = opening.exec(content)) {
    const start = match.index + match[0].length;
    const close = content.indexOf("\n```\n", start - 1);
    if (close === -1) throw new Error("README: a TypeScript example has no closing fence");
    parts.push({ start, end: close });
    opening.lastIndex = close + 1;
  }
  return parts;
}

/**
 * The README is Markdown: names in prose are code spans, prose is escaped text, and the code
 * examples get identifiers and string literals, like any other generated code.
 */
function renderReadme(render: Render, model: Model, common: Common, prose: Prose): string {
  const protocol = model.protocol;
  const name = model.package.name;
  const markdownText = (value: string): Printed => prose.text(value);
  const text = (value: string | undefined): Printed | undefined =>
    value === undefined || value === "" ? undefined : markdownText(value);
  const roleById = new Map(protocol?.roles.map((role) => [role.id, role]) ?? []);
  const names = (role: Role): { typeName: Printed; valueName: Printed } => ({
    typeName: identifier(role.typeName),
    valueName: identifier(role.valueName),
  });
  const methodsTo = (role: Role): Method[] =>
    protocol!.methods.filter((method) => receives(role, method));
  return render("package/README.md.hbs", {
    ...common,
    package: {
      nameText: markdownText(name),
      import: stringLiteral(name),
      nodeImport: stringLiteral(`${name}/node`),
      nodeEntry: markdownCode(`${name}/node`),
      importCode: markdownCode(`await import(${stringLiteral(name).text})`),
      requireCode: markdownCode(`require(${stringLiteral(name).text})`),
    },
    protocol: protocol && {
      title: markdownText(protocol.title),
      cancellation: protocol.cancellation && {
        method: markdownCode(protocol.cancellation.method),
      },
      methods: protocol.methods.map((method) => ({
        name: markdownCode(method.name),
        valueName: markdownCode(method.valueName),
        kind: markdownText(method.kind),
        isRequest: method.kind === "request",
        from: markdownText(method.from),
        to: markdownText(method.to),
        paramsType: markdownCode(method.params?.name ?? "no params"),
        resultType: method.result && markdownCode(method.result.name),
        errorNames: method.errors.map((error) => markdownText(error.name)),
      })),
      roles: protocol.roles.map((role) => {
        const others = protocol.roles.filter((other) => other.id !== role.id);
        const received = methodsTo(role);
        const handled = received.filter((method) => method.name !== protocol.cancellation?.method);
        const sentTo = [
          ...new Set(protocol.methods.flatMap((method) => sendsTo(role, method))),
        ].sort();
        return {
          ...names(role),
          id: markdownCode(role.id),
          script: stringLiteral(`${role.id}.js`),
          description: text(role.description),
          handles: received.map(() => true),
          hasRequests: received.some((method) => method.kind === "request"),
          handled: handled.map((method) => ({
            isRequest: method.kind === "request",
            valueName: identifier(method.valueName),
            paramsType: method.params ? identifier(method.params.name) : generatedCode("undefined"),
            resultType: method.result && identifier(method.result.name),
            notImplemented: stringLiteral(`${method.name} is not implemented yet`),
          })),
          handlesRequests: received
            .filter((method) => method.kind === "request" && method.params !== undefined)
            .map((method) => ({
              valueName: identifier(method.valueName),
              paramsType: identifier(method.params!.name),
              resultType: method.result && identifier(method.result.name),
            })),
          calls: sentTo.map((id) => names(roleById.get(id)!)),
          lifecycle: role.lifecycle && {
            allowedComment: lineCommentText(role.lifecycle.allowedBefore.join(", ")),
            readyAfterComment: lineCommentText(role.lifecycle.readyAfter),
            allowedCode: role.lifecycle.allowedBefore.map(markdownCode),
            readyAfterCode: markdownCode(role.lifecycle.readyAfter),
            errorName: identifier(role.lifecycle.notReadyError.name),
          },
          counterpart: others.length === 1 ? names(others[0]!) : undefined,
        };
      }),
      errors: protocol.errors.map((error) => ({
        code: markdownText(String(error.code)),
        name: markdownCode(error.name),
        message: markdownText(error.message),
      })),
    },
    description:
      protocol?.description === undefined ? undefined : prose.paragraph(protocol.description),
    schema: markdownCode(model.inputs[0]!),
    catalog: model.inputs[1] === undefined ? undefined : markdownCode(model.inputs[1]),
    declarations: model.declarations.map((declaration) => ({
      name: markdownCode(declaration.name),
      summary: text(firstSentence(declaration.docs.description)),
    })),
  });
}

function firstSentence(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const line = text
    .trim()
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, " ");
  const end = line.search(/\.(\s|$)/);
  return end === -1 ? line : line.slice(0, end + 1);
}
