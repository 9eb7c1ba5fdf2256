// A generated file's header comment (which names the generator's inputs), apart from its body:
// the body's build output does not depend on the inputs' names, so it can be reused.

/** The leading `//` comment lines and the blank line after them, and the rest. */
export function splitHeader(text: string): { header: string; body: string } {
  const match = /^(?:\/\/[^\n]*\n)+(?:\n|$)/.exec(text);
  const header = match?.[0] ?? "";
  return { header, body: text.slice(header.length) };
}
