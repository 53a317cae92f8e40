import { UNIQUE_NAME } from "./envsubst.js";

/**
 * The harness replacements of the corpus README ("Placeholders"), applied to our output so it can be
 * compared with the expected files: literals first, then UUIDs, case repls, then number runs.
 */
export interface PlaceholderContext {
  readonly userName: string;
  readonly shortName: string;
  readonly userId: string;
  readonly tmpDir: string;
  readonly repls: readonly { Old: string; New: string }[];
}

const MILLIS = /1[78]\d{11}/g;
const NUMBER_RULES: [RegExp, string][] = [
  [/\d{20,}/g, "[NUMID]"], [/\d{17,}/g, "[NUMID]"], [/\d{14,}/g, "[NUMID]"], [/\d{11,}/g, "[NUMID]"], [/\d{8,}/g, "[NUMID]"],
];

export function applyPlaceholders(text: string, ctx: PlaceholderContext): string {
  let out = text;
  const literal = (from: string, to: string): void => {
    if (from !== "") out = out.split(from).join(to);
  };
  literal(UNIQUE_NAME, "[UNIQUE_NAME]");
  literal(ctx.tmpDir, "[TEST_TMP_DIR]");
  literal("i3.xlarge", "[NODE_TYPE_ID]");
  literal(ctx.userName, "[USERNAME]");
  literal(ctx.userId, "[USERID]");
  literal(ctx.shortName, "[USERNAME]");
  out = out.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "[UUID]");
  for (const r of ctx.repls) out = out.replace(new RegExp(r.Old, "g"), r.New);
  out = distinctMillis(out);
  for (const [re, to] of NUMBER_RULES) out = out.replace(re, to);
  return out;
}

/** Several different timestamps in one text are numbered by first appearance (README, "distinct"). */
function distinctMillis(text: string): string {
  const seen = [...new Set(text.match(MILLIS) ?? [])];
  if (seen.length <= 1) return text.replace(MILLIS, "[UNIX_TIME_MILLIS]");
  return text.replace(MILLIS, (m) => `[UNIX_TIME_MILLIS][${seen.indexOf(m)}]`);
}
