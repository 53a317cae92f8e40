/**
 * Guards for lake paths that arrive in events. The path later becomes a job parameter and a lineage
 * record, so anything a reader could resolve differently from how we matched it is refused: traversal,
 * look-alike or invisible characters, and percent-encoded separators (issue #7, "Bad input").
 */

const MAX_PATH_LENGTH = 1024;
// Control, format (zero-width, bidi overrides), private-use characters and the replacement character.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\uFFFD]/u;
const ENCODED_SEPARATOR_OR_DOT = /%(2e|2f|5c)/i;
// A surrogate half without its partner (String#isWellFormed is ES2024, newer than our lib setting).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a blob path is unsafe to act on, or undefined when it is fine. */
export function lakePathProblem(path: string): string | undefined {
  if (path.length === 0) return "path is empty";
  if (path.length > MAX_PATH_LENGTH) return `path is longer than ${MAX_PATH_LENGTH} characters`;
  if (LONE_SURROGATE.test(path)) return "path is not well-formed Unicode";
  if (path.normalize("NFC") !== path) return "path is not in Unicode normal form C";
  if (INVISIBLE.test(path)) return "path contains control, invisible or private-use characters";
  if (path.includes("\\")) return "path contains a backslash";
  if (ENCODED_SEPARATOR_OR_DOT.test(path)) return "path contains a percent-encoded dot or separator";
  const segments = path.split("/");
  if (segments.some((s) => s === "." || s === "..")) return "path contains . or .. segments";
  if (segments.some((s) => s === "")) return "path contains empty segments";
  if (segments.some((s) => s.trim() !== s)) return "path has a segment with leading or trailing spaces";
  return undefined;
}
