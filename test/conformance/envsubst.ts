/**
 * The corpus scripts' `export NAME=value` and `envsubst < template > file` (databricks/cli
 * `acceptance/bin/envsubst.py`: `$VAR` and `${VAR}` become the value, or "" when unset; a bundle
 * reference like `${var.x}` has a dot and is left alone).
 */
const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export function envsubst(text: string, env: ReadonlyMap<string, string>): string {
  return text.replace(
    VAR,
    (_m, braced: string | undefined, bare: string | undefined) => env.get(braced ?? bare ?? "") ?? "",
  );
}

/** Values the harness exports to every script (corpus README, "How upstream runs a case", point 4). */
export const UNIQUE_NAME = "q4x7kz2mvb3hna5c";
export const HARNESS_ENV: ReadonlyMap<string, string> = new Map([
  ["UNIQUE_NAME", UNIQUE_NAME],
  ["CURRENT_USER_NAME", "tester@databricks.com"],
  ["NODE_TYPE_ID", "i3.xlarge"],
  ["DEFAULT_SPARK_VERSION", "13.3.x-snapshot-scala2.12"],
]);

const unquote = (s: string): string => s.replace(/^"(.*)"$/s, "$1").replace(/^'(.*)'$/s, "$1");

/** `export NAME=value` (value expanded like the shell would, for the simple forms the corpus uses). */
export function parseExport(line: string, env: ReadonlyMap<string, string>): [string, string] | undefined {
  const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
  if (m?.[1] === undefined) return undefined;
  const raw = m[2] ?? "";
  return [m[1], raw.startsWith("'") ? unquote(raw) : envsubst(unquote(raw), env)];
}
