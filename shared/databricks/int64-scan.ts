/**
 * The int64-preserving half of `parseJson` (docs/adr/0003): finds integer literals that are values of id
 * keys (or elements of arrays under them) and quotes them, so the native `JSON.parse` never turns a
 * 19-digit id into a rounded number. A hand-written scanner rather than a dependency: it only has to find
 * number tokens and the key they belong to.
 */

/** A JSON integer in canonical decimal form; only these are quoted (`1.0`, `1e3` stay numbers). */
export const decimal = /^-?(0|[1-9]\d*)$/;

interface Frame {
  array: boolean;
  /** For arrays: the key that owns the array (its elements take that key's meaning). */
  owner: string | undefined;
}

/** Returns `text` with id-keyed integer literals quoted; the same string when there are none. */
export function quoteIdLiterals(text: string, idKeys: ReadonlySet<string>): string {
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
      if (owner !== undefined && idKeys.has(owner)) {
        const literal = text.slice(i, end);
        if (decimal.test(literal)) {
          out += `${text.slice(copied, i)}"${literal}"`;
          copied = end;
        }
      }
      i = end - 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Index of the quote closing the string that opens at `start` (or the text's length). Jumps with the
 * native `indexOf` instead of stepping through every character: strings are most of a response's text.
 */
function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92 /* \ */) backslashes++;
    // An even run of backslashes escapes itself, not the quote.
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
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
