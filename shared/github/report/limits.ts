/**
 * GitHub's documented limits for check runs and statuses (../shared/reference/field-facts.md, [H9],
 * [H10]): going over them gets a 422, so reporting cuts its content to fit before sending.
 */

/** Most annotations one create or update request may carry; later requests append (checks API). */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;
/** Longest `output.summary` and `output.text` of a check run. */
export const MAX_OUTPUT_CHARS = 65_535;
/** Longest check run action identifier (the `requested_action` webhook sends it back). */
export const MAX_ACTION_IDENTIFIER = 20;
/** Longest action label and description. */
export const MAX_ACTION_LABEL = 20;
export const MAX_ACTION_DESCRIPTION = 40;
/** Longest description of a commit status or deployment status. */
export const MAX_STATUS_DESCRIPTION = 140;

/**
 * Cuts `text` to at most `max` UTF-16 units (never more characters than GitHub counts), ending with a
 * note saying how much was left out. A surrogate pair is never split.
 */
export function truncate(
  text: string,
  max: number,
  note = "see the orchestration's output for the rest",
): string {
  if (text.length <= max) return text;
  const tail = (omitted: number) => `\n\n… (truncated: ${omitted} characters omitted; ${note})`;
  // The note's length depends on the omitted count; sizing it for the whole text is always enough.
  let keep = Math.max(0, max - tail(text.length).length);
  const last = text.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep--;
  return text.slice(0, keep) + tail(text.length - keep);
}

/** A one-line description within the status limit. */
export function shortDescription(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= MAX_STATUS_DESCRIPTION) return line;
  let keep = MAX_STATUS_DESCRIPTION - 1;
  const last = line.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep--;
  return `${line.slice(0, keep)}…`;
}

/** Splits items into request-sized batches; an empty list gives one empty batch (the first request). */
export function batches<T>(items: readonly T[], size = MAX_ANNOTATIONS_PER_REQUEST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length === 0 ? [[]] : out;
}
