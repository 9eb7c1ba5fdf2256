// Prettier, loaded on first use as its standalone build and the plugins of the one parser asked
// for, each from V8's code cache that the generator's build keeps (code-cache.ts). The
// standalone build is prettier's formatter without its command line and configuration lookup:
// the generator passes every option itself, so the output is the same as prettier's main entry
// gives (a test formats the same text with both).
import { createRequire } from "node:module";
import type { Options, Plugin } from "prettier";
import { codeCacheOf, requireWithCodeCache, type CachedModule } from "./code-cache.js";

interface Standalone {
  format(text: string, options: Options): Promise<string>;
}

/**
 * The parsers the generator formats with, and the plugins that parse and print each. Markdown
 * also takes those of the code blocks a generated README holds (TypeScript, which prettier's main
 * entry formats with its `typescript` parser), and of JavaScript and JSON.
 */
const PLUGINS = {
  "babel-ts": ["babel", "estree"],
  json: ["babel", "estree"],
  markdown: ["markdown", "babel", "estree", "typescript"],
} as const;

export type Parser = keyof typeof PLUGINS;

type ModuleName = "standalone" | (typeof PLUGINS)[Parser][number];

const SPECIFIERS: Readonly<Record<ModuleName, string>> = {
  standalone: "prettier/standalone",
  babel: "prettier/plugins/babel",
  estree: "prettier/plugins/estree",
  markdown: "prettier/plugins/markdown",
  typescript: "prettier/plugins/typescript",
};

const loaded = new Map<ModuleName, CachedModule>();

function load(name: ModuleName): unknown {
  let module = loaded.get(name);
  if (module === undefined) {
    module = requireWithCodeCache(
      createRequire(import.meta.url).resolve(SPECIFIERS[name]),
      `prettier-${name}`,
    );
    loaded.set(name, module);
  }
  return module.exports;
}

/** Formats `text` with `parser`, the other options as given. */
export function format(text: string, parser: Parser, options: Options): Promise<string> {
  const plugins = PLUGINS[parser].map((name) => load(name) as Plugin);
  return (load("standalone") as Standalone).format(text, { ...options, parser, plugins });
}

/** The prettier modules loaded so far, and whether V8 compiled each from the build's code cache. */
export function prettierModules(): { readonly name: string; readonly fromCodeCache: boolean }[] {
  return [...loaded].map(([name, module]) => ({ name, fromCodeCache: module.fromCodeCache }));
}

/**
 * A TypeScript module's syntax tree, as prettier's Babel-based parser reads it (Babel's AST, with
 * its TypeScript nodes): the build reads the generated modules with it (build/strip.ts), the
 * parser being loaded, and warm, from formatting them. Undefined if the text does not parse.
 */
export function parseTypeScript(text: string): BabelFile | undefined {
  const { parsers } = load("babel") as {
    parsers: Record<string, { parse(text: string, options: object): unknown }>;
  };
  try {
    const file = parsers["babel-ts"]!.parse(text, {}) as BabelFile;
    return file.errors === undefined || file.errors.length === 0 ? file : undefined;
  } catch {
    return undefined;
  }
}

/** A node of Babel's syntax tree: its kind, its extent in the text, and its fields. */
export interface BabelNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly [field: string]: unknown;
}

export interface BabelFile extends BabelNode {
  readonly program: BabelNode & { readonly body: readonly BabelNode[] };
  /** Every comment, in order. */
  readonly comments: readonly BabelNode[];
  readonly errors?: readonly unknown[];
}

/** V8's code cache for each prettier module loaded so far, and the name each is kept under. */
export function prettierCodeCaches(): { readonly name: string; readonly data: Buffer }[] {
  return [...loaded].map(([name, module]) => ({
    name: `prettier-${name}`,
    data: codeCacheOf(module),
  }));
}
