// Changes to what a call of a method can do beyond params and result: follow its progress (where
// its params carry a token), and have its result chosen by its params. Each breaks whoever relied
// on what was there: generated clients offer `onProgress` only for methods with a token place,
// and the result overloads only for methods whose result the params choose.
import type { Method } from "../core/ir.js";
import { code } from "./print.js";
import type { Change } from "./report.js";

type MethodChange = Pick<Change, "kind" | "effect" | "breaks" | "message">;

export function callFeatureChanges(before: Method, after: Method): MethodChange[] {
  const changes: MethodChange[] = [];
  const was = before.progressToken;
  const now = after.progressToken;
  if (was?.pointer !== now?.pointer || was?.type !== now?.type) {
    if (was === undefined)
      changes.push({
        kind: "method-progress-changed",
        effect: "compatible",
        breaks: [],
        message: `now reports progress (token at ${code(now!.pointer)})`,
      });
    else if (now === undefined)
      changes.push({
        kind: "method-progress-changed",
        effect: "narrows",
        // Callers that pass `onProgress` no longer compile.
        breaks: ["callers"],
        message: `no longer reports progress (the token was at ${code(was.pointer)})`,
      });
    else
      changes.push({
        kind: "method-progress-changed",
        effect: "incompatible",
        // The token moves on the wire: old callers put it where new implementers do not look.
        breaks: ["callers", "implementers"],
        message: `progress token moved: ${code(was.pointer)} (${was.type}) → ${code(now.pointer)} (${now.type})`,
      });
  }
  const text = (method: Method): string =>
    method.resultByParams === undefined
      ? "none"
      : `${code(method.resultByParams.pointer)}: ` +
        method.resultByParams.results
          .map((branch) => `${JSON.stringify(branch.value)} → ${code(branch.result.name)}`)
          .join(", ");
  const choiceBefore = text(before);
  const choiceAfter = text(after);
  if (choiceBefore !== choiceAfter) {
    const added = before.resultByParams === undefined;
    const removed = after.resultByParams === undefined;
    changes.push({
      kind: "method-result-choice-changed",
      // A new choice narrows what implementers may answer; a dropped one widens what callers
      // get (their precise overloads are gone); a changed one does both.
      effect: added ? "narrows" : removed ? "widens" : "incompatible",
      breaks: added ? ["implementers"] : removed ? ["callers"] : ["callers", "implementers"],
      message: `result chosen by the params: ${choiceBefore} → ${choiceAfter}`,
    });
  }
  return changes;
}
