/** Replacement for anything that looks secret. */
export const REDACTED = "[REDACTED]";

// Field names are split into words (camelCase, snake_case, kebab-case) so "monkey" stays readable
// while "apiKey", "client_secret" and "x-hub-signature-256" are masked.
const SECRET_WORDS = new Set([
  "token",
  "secret",
  "key",
  "password",
  "passwd",
  "authorization",
  "signature",
  "sig",
  "credential",
  "credentials",
  "cookie",
  "connectionstring",
]);
const SECRET_JOINED = /connectionstring|accountkey|apikey|accesstoken|sharedaccess/;

// Secrets that hide inside otherwise harmless strings: auth headers, SAS query strings, storage
// connection strings, Databricks PATs and GitHub tokens.
const VALUE_PATTERNS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\b(sig|AccountKey|SharedAccessKey|SharedAccessSignature|password|pwd)=[^;&\s"']+/gi, `$1=${REDACTED}`],
  [/\bdapi[0-9a-f]{32}(-\d+)?\b/g, REDACTED],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, REDACTED],
];

/** Whether a field name looks like it holds a secret. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((w) => SECRET_WORDS.has(w)) || SECRET_JOINED.test(words.join(""));
}

/** Masks secret-looking fragments inside a string. */
export function redactString(value: string): string {
  return VALUE_PATTERNS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value);
}

/**
 * Returns a JSON-safe copy of `value` with secret-named fields and secret-looking string fragments
 * masked. Errors keep name, message and code (stacks can carry request data); cycles and deep nesting
 * are cut instead of throwing, because a logger must never be the thing that fails.
 */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object") {
    return typeof value === "bigint" ? value.toString() : value;
  }
  if (seen.has(value)) return "[Circular]";
  if (depth >= 8) return "[Truncated]";
  seen.add(value);
  if (value instanceof Error) return redactError(value, depth, seen);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item: unknown) => redact(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    out[name] = isSecretName(name) ? REDACTED : redact(child, depth + 1, seen);
  }
  return out;
}

function redactError(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const code = (err as { code?: unknown }).code;
  return {
    name: err.name,
    message: redactString(err.message),
    ...(code === undefined ? {} : { code: redact(code, depth + 1, seen) }),
    ...(err.cause === undefined ? {} : { cause: redact(err.cause, depth + 1, seen) }),
  };
}
