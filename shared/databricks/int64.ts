import { decimal, quoteIdLiterals } from "./int64-scan.js";

/**
 * Lossless int64 ids on the wire (docs/adr/0003). Databricks ids (job_id, run_id, object_id, …) are
 * 64-bit and can have 19 digits; a JS number keeps only 2^53. Our types carry them as decimal strings:
 * `parseJson` turns integers under known id keys into strings without letting `JSON.parse` round them,
 * and `stringifyJson` writes {@link Int64} values back as bare digits.
 */

/** Marks a decimal string to be written as a JSON number. Build with {@link int64}. */
export class Int64 {
  private constructor(readonly digits: string) {}

  /** @internal use {@link int64} */
  static of(digits: string): Int64 {
    return new Int64(digits);
  }
}

/** Wraps an id for the wire; throws a TypeError for anything that is not a decimal integer. */
export function int64(id: string): Int64 {
  if (!decimal.test(id)) throw new TypeError(`Not a decimal int64 id: ${JSON.stringify(id).slice(0, 40)}`);
  return Int64.of(id);
}

/** JSON.stringify, except {@link Int64} values become bare numbers and `undefined` members are dropped. */
export function stringifyJson(value: unknown): string {
  return write(value) ?? "null";
}

function write(value: unknown): string | undefined {
  if (value instanceof Int64) return value.digits;
  if (Array.isArray(value)) return `[${value.map((v) => write(v) ?? "null").join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return write((toJSON as () => unknown).call(value));
    const parts: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      const text = write(member);
      if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${parts.join(",")}}`;
  }
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  return JSON.stringify(value);
}

/**
 * Parses JSON, turning integer literals that are values of `idKeys` (or elements of arrays under them)
 * into decimal strings; every other number stays a number.
 *
 * Fast path (issue #3, client overhead per call): when {@link needsIdScan} finds nothing a rounded
 * double could misrepresent, the native `JSON.parse` result is exact, and id numbers are turned into
 * strings on the parsed tree, which gives the scanner's answer for less work.
 */
export function parseJson(text: string, idKeys: ReadonlySet<string>): unknown {
  if (idKeys.size === 0) return JSON.parse(text);
  if (needsIdScan(text)) return JSON.parse(quoteIdLiterals(text, idKeys));
  return stringifyIds(JSON.parse(text) as unknown, idKeys, false);
}

/**
 * Whether only the text scanner gives the exact answer. Without a run of more than 15 digits (past 2^53
 * a double drops digits; every 15-digit integer survives), a digit followed by `.`, `e` or `E`, or a
 * `-0`, every number literal in the text is a plain decimal integer that `String(JSON.parse(literal))`
 * prints back unchanged, so quoting the literal and stringifying the parsed number agree. The test reads
 * strings too, so it errs towards the scanner, never away from it.
 */
export function needsIdScan(text: string): boolean {
  return scanTriggers.test(text);
}

const scanTriggers = /\d{16}|\d[.eE]|-0(?!\d)/;

/** Numbers under id keys become strings, in place: the tree is JSON.parse's own, nobody else holds it. */
function stringifyIds(value: unknown, idKeys: ReadonlySet<string>, underId: boolean): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (underId && typeof item === "number") value[i] = String(item);
      // Arrays in arrays and objects in arrays start afresh: only direct elements take the key's meaning.
      else if (typeof item === "object" && item !== null) stringifyIds(item, idKeys, false);
    }
  } else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const member = record[key];
      const isId = idKeys.has(key);
      if (isId && typeof member === "number") record[key] = String(member);
      else if (typeof member === "object" && member !== null) stringifyIds(member, idKeys, isId);
    }
  }
  return value;
}
