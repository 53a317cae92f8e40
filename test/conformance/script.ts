/**
 * Reads a case's shell script (case.json `commands`) into the validate invocations it makes and the
 * jq views of their JSON it prints. Only the shapes used by the corpus are understood; anything else
 * in a validate line is reported as unsupported rather than guessed.
 */
export interface Check {
  /** jq stages applied to the JSON, in order. */
  readonly filters: string[];
  /** Expected file holding this output (output.txt unless redirected). */
  readonly file: string;
}

/** `update_file.py FILE OLD NEW`: the script edits an input between commands. */
export interface Edit {
  readonly file: string;
  readonly old: string;
  readonly new: string;
}

export interface Invocation {
  readonly cwd: string;
  readonly edits: readonly Edit[];
  readonly target?: string;
  readonly vars: string[];
  readonly env: Record<string, string>;
  readonly json: boolean;
  readonly includeLocations: boolean;
  readonly checks: Check[];
}

const unquote = (s: string): string => s.trim().replace(/^'(.*)'$/s, "$1").replace(/^"(.*)"$/s, "$1");

/** Joins `\`-continued lines and inlines `source $TESTDIR/../_script`. */
export function scriptLines(commands: readonly string[], parentScript: string | undefined): string[] {
  const joined = joinQuoted(commands.join("\n").replace(/\$DATABRICKS_BUNDLE_ENGINE/g, "direct").replace(/\\\n\s*/g, " ").split("\n"));
  return joined.flatMap((l) => (/^\s*source \$TESTDIR\/\.\.\/_script/.test(l) && parentScript !== undefined ? parentScript.split("\n") : [l]));
}

export function parseScript(lines: readonly string[]): Invocation[] {
  const out: Invocation[] = [];
  let cwd = ".";
  const jsonFiles = new Map<string, Invocation>();
  const edits: Edit[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    const edit = /^update_file\.py (\S+) "([^"]*)" "([^"]*)"$/s.exec(line);
    if (edit?.[1] !== undefined) edits.push({ file: edit[1], old: edit[2] ?? "", new: edit[3] ?? "" });
    const cd = /^cd (\S+)$/.exec(line);
    if (cd?.[1] !== undefined) cwd = cd[1];
    const withdir = /\bwithdir (\S+) /.exec(line);
    if (line.includes("bundle validate")) {
      const inv = parseValidate(line, withdir?.[1] !== undefined ? `${cwd}/${withdir[1]}` : cwd, [...edits], jsonFiles);
      out.push(inv);
      continue;
    }
    const jqRead = /^(?:trace )?jq (.+?) (?:< ?)?(\S+)(?: >>? (\S+))?$/.exec(line);
    if (jqRead?.[1] !== undefined && jqRead[2] !== undefined) {
      const inv = jsonFiles.get(jqRead[2]);
      inv?.checks.push({ filters: [unquote(jqRead[1])], file: jqRead[3] ?? "output.txt" });
    }
  }
  return out;
}

function parseValidate(line: string, cwd: string, edits: Edit[], jsonFiles: Map<string, Invocation>): Invocation {
  const [cmd = "", ...pipes] = splitPipes(line);
  const env: Record<string, string> = {};
  for (const m of cmd.matchAll(/\b(BUNDLE_VAR_\w+)=(\S+)/g)) if (m[1] && m[2]) env[m[1]] = m[2];
  const target = /(?:-t|--target) (\S+)/.exec(cmd)?.[1];
  const vars = [...cmd.matchAll(/--var (\S+)/g)].map((m) => m[1] ?? "");
  const json = /(-o|--output) json/.test(cmd);
  const includeLocations = /--include-locations\b/.test(cmd);
  const inv: Invocation = { cwd, edits, vars, env, json, includeLocations, checks: [], ...(target === undefined ? {} : { target }) };
  const redirect = /(?:^|\s)>>? ?(\S+)/.exec(cmd);
  if (!json) return inv;
  if (pipes.length === 0) {
    if (redirect?.[1] !== undefined) jsonFiles.set(redirect[1], inv);
    else inv.checks.push({ filters: ["."], file: "output.txt" });
    return inv;
  }
  const filters: string[] = [];
  let file = "output.txt";
  for (const p of pipes) {
    const m = /^jq (.+?)(?: >>? (\S+))?$/.exec(p.trim());
    if (m?.[1] === undefined) continue;
    filters.push(unquote(m[1]));
    if (m[2] !== undefined) file = m[2];
  }
  inv.checks.push({ filters, file });
  return inv;
}

/** Splits on `|` outside quotes (jq filters contain pipes too). */
function splitPipes(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | undefined;
  for (const ch of line) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "|") {
      out.push(cur.trim());
      cur = "";
      continue;
    }
    cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Rejoins lines split inside a double-quoted argument (multi-line `update_file.py` strings). */
function joinQuoted(lines: string[]): string[] {
  const out: string[] = [];
  let pending: string | undefined;
  for (const l of lines) {
    const cur: string = pending === undefined ? l : `${pending}\n${l}`;
    if ((cur.match(/"/g) ?? []).length % 2 === 1) pending = cur;
    else {
      out.push(cur);
      pending = undefined;
    }
  }
  if (pending !== undefined) out.push(pending);
  return out;
}
