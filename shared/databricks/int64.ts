/**
 * Lossless int64 ids on the wire (docs/adr/0003). Databricks ids (job_id, run_id, object_id, …) are
 * 64-bit and can have 19 digits; a JS number keeps only 2^53. Our types carry them as decimal strings:
 * `parseJson` quotes integer literals under known id keys before `JSON.parse` sees them, and
 * `stringifyJson` writes {@link Int64} values back as bare digits.
 */

/** Marks a decimal string to be written as a JSON number. Build with {@link int64}. */
export class Int64 {
  private constructor(readonly digits: string) {}

  /** @internal use {@link int64} */
  static of(digits: string): Int64 {
    return new Int64(digits);
  }
}

const decimal = /^-?(0|[1-9]\d*)$/;

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

interface Frame {
  array: boolean;
  /** For arrays: the key that owns the array (its elements take that key's meaning). */
  owner: string | undefined;
}

/**
 * Parses JSON, turning integer literals that are values of `idKeys` (or elements of arrays under them)
 * into strings. A hand-written scanner rather than a dependency: it only has to find number tokens and
 * the key they belong to, then hands the rewritten text to the native `JSON.parse`.
 */
export function parseJson(text: string, idKeys: ReadonlySet<string>): unknown {
  if (idKeys.size === 0) return JSON.parse(text);
  let out = "";
  let copied = 0;
  // Where the last string token lies; it is sliced only when a `:` makes it a key (values are skipped).
  let stringStart = -1;
  let stringStop = -1;
  let key: string | undefined;
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const end = stringEnd(text, i);
      stringStart = i + 1;
      stringStop = end;
      i = end;
    } else if (c === 58 /* : */) key = text.slice(stringStart, stringStop);
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      stack.push({ array: c === 91, owner: key });
      key = undefined;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      key = undefined;
    } else if (c === 44 /* , */) key = undefined;
    else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const end = numberEnd(text, i);
      const top = stack[stack.length - 1];
      const owner = top?.array ? top.owner : key;
      const literal = text.slice(i, end);
      if (owner !== undefined && idKeys.has(owner) && decimal.test(literal)) {
        out += `${text.slice(copied, i)}"${literal}"`;
        copied = end;
      }
      i = end - 1;
    }
  }
  return JSON.parse(copied === 0 ? text : out + text.slice(copied));
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34) return i;
  }
  return text.length;
}

function numberEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && isNumberChar(text.charCodeAt(i))) i++;
  return i;
}

/** Digits, `.`, `e`/`E`, `+`, `-`: the characters a JSON number token is made of. */
function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}
