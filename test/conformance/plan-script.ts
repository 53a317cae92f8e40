/**
 * Reads a case's script into the `bundle plan` invocations it makes before its first `bundle deploy`
 * (later plans compare against a deployed workspace, which this pure step cannot reproduce).
 * Understood shapes: update_file.py edits, `export` + `envsubst < <template> > <file>`, `cp <file> databricks.yml`, `cp <file> .databricks/bundle/<t>/resources.json`,
 * `-t`, `--var`, `-o json`/`--output json`, and `>`, `&>` redirections.
 */
import { HARNESS_ENV, parseExport } from "./envsubst.js";

export interface FileEdit {
  readonly file: string;
  readonly old: string;
  readonly new: string;
}

export interface PlanInvocation {
  readonly json: boolean;
  readonly file: string;
  readonly target?: string;
  readonly vars: string[];
  readonly edits: readonly FileEdit[];
  /** Files replaced by `cp` before this plan: bundle path → input file it was copied from. */
  readonly copies: ReadonlyMap<string, string>;
  /** Files rendered by `envsubst < template > file` before this plan: bundle path → rendered text's template and environment. */
  readonly rendered: ReadonlyMap<string, Template>;
  /** Local state copied in before this plan: [input file, bundle path]. */
  readonly stateFile?: readonly [string, string];
}

export interface Template {
  readonly template: string;
  readonly env: ReadonlyMap<string, string>;
}

export interface PlanScript {
  readonly plans: PlanInvocation[];
  /** The script deployed before (or without) planning: plans after it need the live workspace. */
  readonly deploysFirst: boolean;
  /** Edits of our own output files (deploy__readplan__unknown-field edits the saved plan). */
  readonly outputEdits: readonly FileEdit[];
  readonly unsupported: string | undefined;
}

const ARG = String.raw`("[^"]*"|'[^']*'|\S+)`;
const UPDATE = new RegExp(`^update_file\\.py ${ARG} ${ARG} ${ARG}$`, "s");
const unquote = (s: string): string => s.replace(/^"(.*)"$/s, "$1").replace(/^'(.*)'$/s, "$1");

export function parsePlanScript(lines: readonly string[]): PlanScript {
  const plans: PlanInvocation[] = [];
  const edits: FileEdit[] = [];
  const copies = new Map<string, string>();
  let stateFile: readonly [string, string] | undefined;
  const rendered = new Map<string, Template>();
  const env = new Map(HARNESS_ENV);
  let unsupported: string | undefined;
  for (const raw of lines) {
    const line = raw.trim().replace(/^(trace |errcode |musterr )+/, "");
    if (/\bbundle deploy\b/.test(line)) return { plans, deploysFirst: plans.length === 0, outputEdits: edits, unsupported };
    const edit = UPDATE.exec(line);
    if (edit !== null) edits.push({ file: unquote(edit[1] ?? ""), old: unquote(edit[2] ?? ""), new: unquote(edit[3] ?? "") });
    const cp = /^cp (\S+) (\S+)$/.exec(line);
    if (cp?.[1] !== undefined && cp[2] !== undefined) {
      if (/^\.databricks\/bundle\/[^/]+\/resources\.json$/.test(cp[2])) stateFile = [cp[1], cp[2]];
      else copies.set(cp[2], cp[1]);
    }
    const exported = parseExport(line, env);
    if (exported !== undefined) env.set(...exported);
    const subst = /^envsubst < (\S+) > (\S+)$/.exec(line);
    if (subst?.[1] !== undefined && subst[2] !== undefined) rendered.set(subst[2], { template: subst[1], env: new Map(env) });
    else if (/\benvsubst\b/.test(line)) unsupported ??= `envsubst form not understood: ${line}`;
    // A state rewritten by jq: the plans from here on are not reproduced (state__newer_cli_version).
    if (/^jq .*> ?\.databricks\//.test(line)) return { plans, deploysFirst: false, outputEdits: edits, unsupported };
    if (/\bbundle plan\b/.test(line)) plans.push(parsePlan(line, [...edits], new Map(copies), new Map(rendered), stateFile));
  }
  return { plans, deploysFirst: false, outputEdits: edits, unsupported };
}

function parsePlan(line: string, edits: FileEdit[], copies: Map<string, string>, rendered: Map<string, Template>, stateFile: readonly [string, string] | undefined): PlanInvocation {
  const target = /(?:-t|--target) (\S+)/.exec(line)?.[1];
  const vars = [...line.matchAll(/--var (\S+)/g)].map((m) => m[1] ?? "");
  const redirect = /(?:&>|>)\s*(\S+)/.exec(line.split("|")[0] ?? "")?.[1];
  return {
    json: /(-o|--output) json/.test(line),
    file: redirect === undefined || redirect === "&1" ? "output.txt" : redirect,
    vars, edits, copies, rendered,
    ...(target === undefined ? {} : { target }),
    ...(stateFile === undefined ? {} : { stateFile }),
  };
}
