/**
 * condition_task (Jobs API ConditionTask): EQUAL_TO and NOT_EQUAL compare the operands as strings
 * ("12.0" is not "12"); the ordering operators compare them as numbers and fail on a non-number.
 */
export const conditionOps = [
  "EQUAL_TO",
  "NOT_EQUAL",
  "GREATER_THAN",
  "GREATER_THAN_OR_EQUAL",
  "LESS_THAN",
  "LESS_THAN_OR_EQUAL",
] as const;

export type ConditionOp = (typeof conditionOps)[number];

/** "true" or "false", or an Error whose message becomes the task's error. */
export function evaluateCondition(op: string, left: string, right: string): "true" | "false" | Error {
  if (op === "EQUAL_TO") return String(left === right) as "true" | "false";
  if (op === "NOT_EQUAL") return String(left !== right) as "true" | "false";
  const l = toNumber(left);
  const r = toNumber(right);
  if (l === undefined || r === undefined)
    return new Error(`Operator ${op} needs numeric operands; got '${left}' and '${right}'.`);
  const holds =
    op === "GREATER_THAN"
      ? l > r
      : op === "GREATER_THAN_OR_EQUAL"
        ? l >= r
        : op === "LESS_THAN"
          ? l < r
          : op === "LESS_THAN_OR_EQUAL"
            ? l <= r
            : undefined;
  if (holds === undefined) return new Error(`Unknown condition operator ${op}.`);
  return holds ? "true" : "false";
}

function toNumber(text: string): number | undefined {
  if (text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
