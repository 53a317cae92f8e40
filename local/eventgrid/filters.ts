import type { AdvancedFilter, Subscription } from "./config.js";

/**
 * Event Grid's subscription filters (learn.microsoft.com azure/event-grid/event-filtering): event types,
 * subject begins/ends with (case-insensitive unless asked), and advanced filters, all of which must match
 * (AND) while the values of one filter are alternatives (OR). String operators ignore case.
 */

/** The value at a dotted key (`data.api`, `subject`, `source`) of the event as delivered. */
function valueAt(event: Record<string, unknown>, key: string): unknown {
  let current: unknown = event;
  for (const part of key.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function advancedMatches(event: Record<string, unknown>, filter: AdvancedFilter): boolean {
  const raw = valueAt(event, filter.key);
  const isString = typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean";
  // A missing key satisfies only the negative operator, as in Event Grid.
  if (!isString) return filter.operatorType === "StringNotIn";
  const value = String(raw).toLowerCase();
  const values = filter.values.map((v) => v.toLowerCase());
  switch (filter.operatorType) {
    case "StringIn":
      return values.includes(value);
    case "StringNotIn":
      return !values.includes(value);
    case "StringBeginsWith":
      return values.some((v) => value.startsWith(v));
    case "StringEndsWith":
      return values.some((v) => value.endsWith(v));
    case "StringContains":
      return values.some((v) => value.includes(v));
  }
}

/** Whether a subscription wants an event; `event` is in the subscription's schema, `type`/`subject` from it. */
export function subscriptionMatches(
  subscription: Subscription,
  event: Record<string, unknown>,
  meta: { type: string; subject: string },
): boolean {
  const f = subscription.filter;
  const types = f.includedEventTypes.map((t) => t.toLowerCase());
  if (types.length > 0 && !types.includes(meta.type.toLowerCase())) return false;
  const fold = (s: string): string => (f.isSubjectCaseSensitive ? s : s.toLowerCase());
  const subject = fold(meta.subject);
  if (!subject.startsWith(fold(f.subjectBeginsWith))) return false;
  if (!subject.endsWith(fold(f.subjectEndsWith))) return false;
  return f.advancedFilters.every((a) => advancedMatches(event, a));
}
