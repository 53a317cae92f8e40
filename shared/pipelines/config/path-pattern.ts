/**
 * Partition patterns of landing triggers, e.g. `churn/customers/date={yyyy}-{MM}-{dd}`: literal path
 * segments plus date tokens. A file lands in a partition when it sits directly inside the folder the
 * pattern names; the folder is the partition's business key (issue #7, "path pattern with date partitions").
 */

const TOKENS = { yyyy: "(\\d{4})", MM: "(\\d{2})", dd: "(\\d{2})", HH: "(\\d{2})" } as const;
type Token = keyof typeof TOKENS;

/** A file matched to a partition. */
export interface PartitionMatch {
  /** The partition folder, e.g. `churn/customers/date=2026-11-25`. */
  readonly partition: string;
  /** The file name inside it. */
  readonly file: string;
  /** Token values, e.g. `{ yyyy: "2026", MM: "11", dd: "25" }`. */
  readonly values: Readonly<Partial<Record<Token, string>>>;
}

/** A compiled pattern; `match` returns undefined for paths outside it or with impossible dates. */
export interface PartitionPattern {
  readonly source: string;
  match(path: string): PartitionMatch | undefined;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Problems with a pattern, as sentences; empty when it compiles. */
export function patternProblems(source: string): string[] {
  const problems: string[] = [];
  if (source.startsWith("/") || source.endsWith("/")) problems.push("must not start or end with /");
  if (source.split("/").some((s) => s === "" || s === "." || s === ".."))
    problems.push("must not contain empty, . or .. segments");
  if (/[*?[\]\\]/.test(source)) problems.push("must not contain glob characters or backslashes");
  for (const [, name] of source.matchAll(/\{([^}]*)\}/g)) {
    if (!(name! in TOKENS)) problems.push(`unknown token {${name}}; use {yyyy}, {MM}, {dd} or {HH}`);
  }
  const names = [...source.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  if (new Set(names).size !== names.length) problems.push("must not repeat a token");
  if (!names.includes("yyyy")) problems.push("must contain a {yyyy} date token");
  if (/[{}]/.test(source.replace(/\{[^}]*\}/g, ""))) problems.push("has an unbalanced { or }");
  return problems;
}

/** Compiles a pattern already checked by {@link patternProblems}. */
export function compilePattern(source: string): PartitionPattern {
  const problems = patternProblems(source);
  if (problems.length > 0) throw new TypeError(`Bad partition pattern "${source}": ${problems.join("; ")}`);
  const order: Token[] = [];
  const body = source
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const token = /^\{([^}]+)\}$/.exec(part)?.[1] as Token | undefined;
      if (token === undefined) return escape(part);
      order.push(token);
      return TOKENS[token];
    })
    .join("");
  const regex = new RegExp(`^(${body})/([^/]+)$`);
  return {
    source,
    match(path) {
      const m = regex.exec(path);
      if (m === null) return undefined;
      const values: Partial<Record<Token, string>> = {};
      order.forEach((token, i) => (values[token] = m[i + 2] ?? ""));
      if (!isRealDate(values)) return undefined;
      return { partition: m[1]!, file: m[order.length + 2]!, values };
    },
  };
}

function isRealDate(values: Partial<Record<Token, string>>): boolean {
  const year = Number(values.yyyy ?? "2000");
  const month = Number(values.MM ?? "1");
  const day = Number(values.dd ?? "1");
  const hour = Number(values.HH ?? "0");
  if (month < 1 || month > 12 || day < 1 || hour > 23) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `*` and `?` on one file name (no `/`), for a trigger's `files` list. */
export function fileGlob(glob: string): RegExp {
  const body = [...glob].map((c) => (c === "*" ? "[^/]*" : c === "?" ? "[^/]" : escape(c))).join("");
  return new RegExp(`^${body}$`);
}
