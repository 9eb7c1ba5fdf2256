// What a hostile or broken peer sends, as fast-check arbitraries with the answers each must get:
// requests whose handlers behave in every way (test/runtime/behaviours.mjs), notifications,
// mutated requests, text that is not JSON, batches (some longer than the limit). A case is a
// plan; `materialize` gives its lines fresh ids and says which answers they must get.
import fc from "fast-check";
import { HOSTILE_THROWS, THENABLE_SHAPES, UNSERIALIZABLE } from "./behaviours.mjs";

export const behaviour: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("value"), value: fc.jsonValue({ maxDepth: 2 }) }),
  },
  fc.record({ kind: fc.constant("undefined") }),
  fc.record({
    kind: fc.constant("rpc-error"),
    code: fc.oneof(fc.integer({ min: -32768, max: 32767 }), fc.double()),
    message: fc.string({ maxLength: 20 }),
    data: fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }),
  }),
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("throw"), what: fc.constantFrom(...HOSTILE_THROWS) }),
  },
  fc.record({ kind: fc.constant("reject"), what: fc.constantFrom(...HOSTILE_THROWS) }),
  fc.record({ kind: fc.constant("async-throw"), what: fc.constantFrom(...HOSTILE_THROWS) }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("thenable"),
      shape: fc.constantFrom(...THENABLE_SHAPES),
      value: fc.jsonValue({ maxDepth: 1 }),
    }),
  },
  fc.record({ kind: fc.constant("unserializable"), what: fc.constantFrom(...UNSERIALIZABLE) }),
);

/** How a request is broken, and so how it must be answered. */
const MUTATIONS = {
  // Answered with an error that carries the request's id.
  "jsonrpc-1.0": "id",
  "jsonrpc-missing": "id",
  "method-number": "id",
  "has-result": "id",
  "params-not-object": "id",
  "unknown-method": "id",
  // A fraction is a number, so it is echoed (JSON-RPC only says ids SHOULD be integers).
  "id-fraction": "fraction",
  // The id cannot be echoed: answered with id null.
  "id-object": "null",
  "id-boolean": "null",
  // A request without an id is a notification (of a request method: dropped, not run); a message
  // with a result and no method is an answer (to no call): neither is answered.
  "id-removed": "none",
  "answer-shaped": "none",
} as const;
type Mutation = keyof typeof MUTATIONS;

export type Message =
  | { readonly type: "request"; readonly behaviour: unknown; readonly stringId: boolean }
  | { readonly type: "notification"; readonly behaviour: unknown }
  | { readonly type: "mutant"; readonly mutation: Mutation; readonly behaviour: unknown }
  | { readonly type: "not-json"; readonly text: string }
  | { readonly type: "scalar"; readonly value: string | number | boolean | null };

export type Line =
  | { readonly type: "single"; readonly message: Message }
  | { readonly type: "batch"; readonly messages: readonly Message[] }
  | { readonly type: "empty-batch" };

const message: fc.Arbitrary<Message> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant("request" as const),
      behaviour,
      stringId: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("notification" as const), behaviour }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant("mutant" as const),
      mutation: fc.constantFrom(...(Object.keys(MUTATIONS) as Mutation[])),
      behaviour,
    }),
  },
  // Text that cannot be JSON: it starts with a character no JSON text starts with.
  fc.record({
    type: fc.constant("not-json" as const),
    text: fc
      .string({ maxLength: 30 })
      // No line breaks: over a stream they would make more than one line.
      .map((s) => "}" + s.replace(/[\r\n]/g, " ")),
  }),
  fc.record({
    type: fc.constant("scalar" as const),
    value: fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null)),
  }),
);

export function lineArbitrary(maxBatchLength: number): fc.Arbitrary<Line> {
  const batchable = message.filter((m) => m.type !== "not-json");
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ type: fc.constant("single" as const), message }) },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant("batch" as const),
        messages: fc.array(batchable, { minLength: 1, maxLength: maxBatchLength + 2 }),
      }),
    },
    fc.constant({ type: "empty-batch" as const }),
  );
}

/** The lines a case sends, and what must come back. */
export interface Materialized {
  readonly lines: string[];
  /** Ids that must be answered exactly once each (with the exact id). */
  readonly answeredIds: (string | number)[];
  /** Answers with id null that must come. */
  readonly nullAnswers: number;
  /** Batches that must be answered, each with one array. */
  readonly batchAnswers: number;
}

export interface Protocol {
  /** The request whose handler runs the behaviour; its params wrap the behaviour. */
  readonly method: string;
  /** A notification whose handler runs the behaviour. */
  readonly notification: string;
  readonly params: (behaviour: unknown) => unknown;
  readonly maxBatchLength: number;
}

/** Gives the lines fresh ids (from `nextId`) and works out the answers they must get. */
export function materialize(
  lines: readonly Line[],
  protocol: Protocol,
  nextId: () => number,
): Materialized {
  const out: Materialized = { lines: [], answeredIds: [], nullAnswers: 0, batchAnswers: 0 };
  const counts = { nullAnswers: 0, batchAnswers: 0 };
  for (const line of lines) {
    if (line.type === "empty-batch") {
      out.lines.push("[]");
      counts.nullAnswers++;
    } else if (line.type === "single") {
      const { text, answer } = messageText(line.message, protocol, nextId);
      out.lines.push(text);
      if (answer === "null") counts.nullAnswers++;
      else if (answer !== "none") out.answeredIds.push(answer.id);
    } else if (line.messages.length > protocol.maxBatchLength) {
      // Refused whole: one error with id null, no member handled.
      out.lines.push(
        "[" + line.messages.map((m) => messageText(m, protocol, nextId).text).join(",") + "]",
      );
      counts.nullAnswers++;
    } else {
      const texts: string[] = [];
      let answers = 0;
      for (const member of line.messages) {
        const { text, answer } = messageText(member, protocol, nextId);
        texts.push(text);
        if (answer === "none") continue;
        answers++;
        if (answer === "null") counts.nullAnswers++;
        else out.answeredIds.push(answer.id);
      }
      out.lines.push("[" + texts.join(",") + "]");
      if (answers > 0) counts.batchAnswers++;
    }
  }
  return { ...out, nullAnswers: counts.nullAnswers, batchAnswers: counts.batchAnswers };
}

function messageText(
  message: Message,
  protocol: Protocol,
  nextId: () => number,
): { text: string; answer: "null" | "none" | { id: string | number } } {
  switch (message.type) {
    case "request": {
      const id = message.stringId ? "s" + nextId() : nextId();
      const request = {
        jsonrpc: "2.0",
        id,
        method: protocol.method,
        params: protocol.params(message.behaviour),
      };
      return { text: JSON.stringify(request), answer: { id } };
    }
    case "notification": {
      const notification = {
        jsonrpc: "2.0",
        method: protocol.notification,
        params: protocol.params(message.behaviour),
      };
      return { text: JSON.stringify(notification), answer: "none" };
    }
    case "not-json":
      return { text: message.text, answer: "null" };
    case "scalar":
      return { text: JSON.stringify(message.value), answer: "null" };
    case "mutant": {
      const id = nextId();
      const request: Record<string, unknown> = {
        jsonrpc: "2.0",
        id,
        method: protocol.method,
        params: protocol.params(message.behaviour),
      };
      switch (message.mutation) {
        case "jsonrpc-1.0":
          request["jsonrpc"] = "1.0";
          break;
        case "jsonrpc-missing":
          delete request["jsonrpc"];
          break;
        case "method-number":
          request["method"] = 7;
          break;
        case "has-result":
          request["result"] = 1;
          break;
        case "params-not-object":
          request["params"] = "not an object";
          break;
        case "unknown-method":
          request["method"] = "no/such/method";
          break;
        case "id-fraction":
          request["id"] = id + 0.5;
          break;
        case "id-object":
          request["id"] = { id };
          break;
        case "id-boolean":
          request["id"] = true;
          break;
        case "id-removed":
          delete request["id"];
          break;
        case "answer-shaped":
          delete request["method"];
          delete request["params"];
          request["result"] = { late: true };
          break;
      }
      const kind = MUTATIONS[message.mutation];
      const answer = kind === "id" ? { id } : kind === "fraction" ? { id: id + 0.5 } : kind;
      return { text: JSON.stringify(request), answer };
    }
  }
}

/** Checks the answers of a whole run: each expected id once, nothing else but id-null answers. */
export class AnswerLedger {
  readonly #expected = new Set<string>();
  readonly #seen = new Set<string>();
  readonly problems: string[] = [];
  expectedNull = 0;
  receivedNull = 0;
  expectedBatches = 0;
  receivedBatches = 0;

  expect(materialized: Materialized): void {
    for (const id of materialized.answeredIds) this.#expected.add(JSON.stringify(id));
    this.expectedNull += materialized.nullAnswers;
    this.expectedBatches += materialized.batchAnswers;
  }

  /** Takes one line the connection wrote. */
  receive(line: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.#problem("an answer that is not JSON: " + line.slice(0, 80));
      return;
    }
    if (Array.isArray(parsed)) {
      this.receivedBatches++;
      if (parsed.length === 0) this.#problem("an empty batch answer");
      for (const member of parsed) this.#answer(member);
    } else {
      this.#answer(parsed);
    }
  }

  #answer(answer: unknown): void {
    if (
      typeof answer !== "object" ||
      answer === null ||
      (answer as { jsonrpc?: unknown }).jsonrpc !== "2.0"
    ) {
      this.#problem("not a JSON-RPC answer: " + JSON.stringify(answer).slice(0, 80));
      return;
    }
    const { id, result, error } = answer as { id?: unknown; result?: unknown; error?: unknown };
    if ((result === undefined) === (error === undefined))
      this.#problem("neither or both of result and error");
    if (error !== undefined) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      if (!Number.isInteger(code) || typeof message !== "string")
        this.#problem("a malformed error " + JSON.stringify(error));
    }
    if (id === null) {
      this.receivedNull++;
      return;
    }
    const key = JSON.stringify(id);
    if (!this.#expected.has(key)) this.#problem("an answer to an id that needs none: " + key);
    else if (this.#seen.has(key)) this.#problem("a second answer to " + key);
    this.#seen.add(key);
  }

  /** Ids expected but not answered yet. */
  missing(): string[] {
    return [...this.#expected].filter((id) => !this.#seen.has(id));
  }

  #problem(text: string): void {
    if (this.problems.length < 20) this.problems.push(text);
  }
}
