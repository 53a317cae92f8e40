/**
 * Reads a case's script into the steps the deploy conformance suite replays against the emulator:
 * file edits, `bundle deploy|destroy|plan -o json > f`, request dumps (`print_requests.py`) and the
 * id registrations the dumps' placeholders need. Shell functions and `trap … EXIT` are expanded.
 * A line this reader does not understand makes the case unsupported, with that line as the reason.
 */
import { dumpStep, jqDump } from "./deploy-script-dumps.js";
import { HARNESS_ENV, parseExport } from "./envsubst.js";

export type Step =
  | { readonly kind: "write"; readonly file: string; readonly text: string }
  | { readonly kind: "copy"; readonly from: string; readonly to: string }
  | { readonly kind: "edit"; readonly file: string; readonly old: string; readonly new: string }
  | {
      readonly kind: "render";
      readonly template: string;
      readonly to: string;
      readonly env: ReadonlyMap<string, string>;
    }
  | { readonly kind: "drop-lines"; readonly file: string; readonly marker: string }
  | { readonly kind: "mkdir"; readonly dir: string }
  | { readonly kind: "deploy"; readonly forceLock: boolean }
  | { readonly kind: "destroy" }
  | { readonly kind: "plan-json"; readonly to: string }
  | { readonly kind: "clear-requests" }
  | { readonly kind: "read-id"; readonly name: string; readonly variable: string; readonly repl: boolean }
  | { readonly kind: "jobs-delete"; readonly idVariable: string }
  | { readonly kind: "jobs-reset"; readonly file: string }
  | { readonly kind: "edit-job"; readonly idVariable: string; readonly code: string }
  | { readonly kind: "model-id"; readonly model: string; readonly repl: string }
  | {
      /** `print_requests.py <filters> | gron.py | contains.py '!json.method = "M"'`: no such request. */
      readonly kind: "refuse";
      readonly filters: string[];
      readonly method: string;
    }
  | {
      /** `jq -s '.[] | select(.path==P) | select(.body….name==N) | .body' out.requests.txt > F` */
      readonly kind: "select-bodies";
      readonly path: string;
      readonly name: string;
      readonly file: string;
      readonly append: boolean;
    }
  | {
      readonly kind: "print";
      /** Shown in output.txt under `>>> <marker>` when the dump is a script function (default print_requests.py). */
      readonly marker?: string;
      /** Only each request's `body.name` / `body.new_settings.name` is printed, one JSON string a line. */
      readonly names?: boolean;
      readonly filters: string[];
      readonly get: boolean;
      readonly sort: boolean;
      readonly traced: boolean;
      readonly args: string;
      readonly file?: string;
    };

export type Script = { readonly steps: Step[] } | { readonly unsupported: string };

const ARG = String.raw`("[^"]*"|'[^']*'|\S+)`;
const UPDATE = new RegExp(`^update_file\\.py ${ARG} ${ARG} ${ARG}$`, "s");
const unquote = (s: string): string => s.replace(/^"(.*)"$/s, "$1").replace(/^'(.*)'$/s, "$1");
/** Lines with no effect on what the engine sends (output decoration, checks of text output, GET-only commands). */
const INERT = [
  /^$/,
  /^#/,
  /^title /,
  /^echo "[^"]*"$/,
  /^\$CLI bundle (plan|validate|summary)\b(?!.*>\s*\S)/,
  /^\$CLI bundle plan\b.*\|\s*contains\.py/,
  /^\$CLI bundle (validate|summary)\b/,
  /^print_state\.py\b/,
  /^\$CLI bundle plan\b.*-o json\s*\|/,
  /^\$CLI bundle plan\b.*--output json\s*\|/,
  /^touch out\.requests\.txt$/,
  /^export \w+$/,
  /^cat out\.\S+$/,
  // Text plans written to a file are not compared here (the plan suite compares plans).
  /^\$CLI bundle plan(?: -t \S+)? (?:> \S+(?: 2>&1)?|&> \S+)$/,
  // Read-only CLI commands send only GETs, which a dump drops unless `--get` (a `--get` dump after
  // one would then miss it and fail the case, not pass it); their printed output is not compared.
  /^\$CLI (?:jobs get|jobs list|model-registry get-model|experiments get-experiment|workspace get-status)\b/,
  // Reads of local files and the telemetry the CLI logs: nothing is sent.
  /^gron\.py \.databricks\/\S+(?: \| grep \w+)?$/,
];

export function parseDeployScript(lines: readonly string[]): Script {
  const functions = new Map<string, string[]>();
  const body = collectFunctions(joinHeredocs(lines), functions);
  const trapped: string[] = [];
  const steps: Step[] = [];
  const env = new Map(HARNESS_ENV);
  const vars = new Map<string, string>(); // shell variable → model name whose id it holds
  const visit = (raw: string): string | undefined => {
    const traced = /^\s*trace /.test(raw);
    const line = raw.trim().replace(/^(trace |errcode |musterr )+/, "");
    const fn = functions.get(line);
    if (fn !== undefined) {
      for (const l of fn) {
        const dump = jqDump(l.trim(), traced, line);
        const bad = dump === undefined ? visit(l) : void steps.push(dump);
        if (bad !== undefined) return bad;
      }
      return undefined;
    }
    const trap = /^trap (\w+) EXIT$/.exec(line);
    if (trap?.[1] !== undefined) return void trapped.push(trap[1]);
    const step = parseLine(line, traced, env, vars);
    if (step === "inert") return undefined;
    if (step === undefined) return line;
    steps.push(step);
    return undefined;
  };
  for (const l of [...body, ...trapped]) {
    const bad = visit(l);
    if (bad !== undefined) return { unsupported: `script line not replayed: \`${bad}\`` };
  }
  return { steps };
}

function parseLine(
  line: string,
  traced: boolean,
  env: Map<string, string>,
  vars: Map<string, string>,
): Step | "inert" | undefined {
  if (INERT.some((re) => re.test(line))) return "inert";
  const exported = parseExport(line, env);
  if (exported !== undefined) return (void env.set(...exported), "inert");
  const echo = /^echo "([^"]*)" > (\S+)$/.exec(line);
  if (echo?.[2] !== undefined) return { kind: "write", file: echo[2], text: `${echo[1] ?? ""}\n` };
  const cp = /^cp (\S+) (\S+)$/.exec(line);
  if (cp?.[2] !== undefined && !cp[1]?.startsWith("$")) return { kind: "copy", from: cp[1] ?? "", to: cp[2] };
  const edit = UPDATE.exec(line);
  if (edit !== null)
    return {
      kind: "edit",
      file: unquote(edit[1] ?? ""),
      old: unquote(edit[2] ?? ""),
      new: unquote(edit[3] ?? ""),
    };
  const subst = /^envsubst < (\S+) > (\S+)(?: && mv \2 (\S+))?$/.exec(line);
  if (subst?.[2] !== undefined)
    return { kind: "render", template: subst[1] ?? "", to: subst[3] ?? subst[2], env: new Map(env) };
  const grep = /^grep -v (\w+) (\S+) > (\S+) && mv \3 \2$/.exec(line);
  if (grep?.[2] !== undefined) return { kind: "drop-lines", file: grep[2], marker: grep[1] ?? "" };
  if (/^rm (-f )?out\.requests\.txt$/.test(line)) return { kind: "clear-requests" };
  const readId = /^(\w+)=(?:`|"\$\()read_id\.py (\w+)(?:`|\)")$/.exec(line);
  if (readId?.[2] !== undefined)
    return { kind: "read-id", name: readId[2], variable: readId[1] ?? "", repl: true };
  // `bundle summary -o json | jq -r .resources.<type>.<key>.id`: the id the state holds, no placeholder.
  const summaryId =
    /^(\w+)=(?:`|\$\()\$CLI bundle summary (?:-o|--output) json \| jq -r '?\.resources\.\w+\.(\w+)\.id'?(?:`|\))$/.exec(
      line,
    );
  if (summaryId?.[2] !== undefined)
    return { kind: "read-id", name: summaryId[2], variable: summaryId[1] ?? "", repl: false };
  const del = /^\$CLI jobs delete "?\$(\w+)"?$/.exec(line);
  if (del?.[1] !== undefined) return { kind: "jobs-delete", idVariable: del[1] };
  const reset = /^\$CLI jobs reset --json @(\S+)$/.exec(line);
  if (reset?.[1] !== undefined) return { kind: "jobs-reset", file: reset[1] };
  const editJob = /^edit_resource\.py jobs "?\$(\w+)"? <<EOF\n([\s\S]*)$/.exec(line);
  if (editJob?.[1] !== undefined) return { kind: "edit-job", idVariable: editJob[1], code: editJob[2] ?? "" };
  const model =
    /^(\w+)=\$\(\$CLI model-registry get-model (\S+) \| jq -r '\.registered_model_databricks\.id'\)$/.exec(
      line,
    );
  if (model?.[1] !== undefined) return (void vars.set(model[1], model[2] ?? ""), "inert");
  const repl = /^add_repl "\$(\w+)" "?(\w+)"?$/.exec(line);
  if (repl?.[1] !== undefined && vars.has(repl[1]))
    return { kind: "model-id", model: vars.get(repl[1]) ?? "", repl: repl[2] ?? "" };
  if (/^\$CLI bundle destroy --auto-approve(?: > \S+(?: 2>&1)?| &> \S+)?$/.test(line))
    return { kind: "destroy" };
  // Output flags (-q, -qq) and redirections change what is printed, not what is sent. READPLAN=""
  // variant: `$(readplanarg f)` expands to nothing.
  const deploy =
    /^\$CLI bundle deploy((?: (?:-q|-qq|--force-lock|--auto-approve))*)(?: \$\(readplanarg \S+\))?(?: > \S+(?: 2>&1)?| &> \S+)?$/.exec(
      line,
    );
  if (deploy !== null) return { kind: "deploy", forceLock: (deploy[1] ?? "").includes("--force-lock") };
  const mkdir = /^mkdir -p (\S+)$/.exec(line);
  if (mkdir?.[1] !== undefined) return { kind: "mkdir", dir: mkdir[1] };
  const touch = /^touch (\S+)$/.exec(line);
  if (touch?.[1] !== undefined) return { kind: "write", file: touch[1], text: "" };
  const plan = /^\$CLI bundle plan (?:-o|--output) json (?:>|&>) (\S+)$/.exec(line);
  if (plan?.[1] !== undefined)
    return { kind: "plan-json", to: plan[1].replace("$DATABRICKS_BUNDLE_ENGINE", "direct") };
  const dump = dumpStep(line);
  if (dump !== undefined) return dump;
  const print = /^print_requests\.py((?: \S+)*?)(?: > (\S+))?$/.exec(line);
  if (print !== null) return printStep(print[1]?.trim() ?? "", traced, print[2]);
  return undefined;
}

function printStep(args: string, traced: boolean, file: string | undefined): Step | undefined {
  if (args.includes("|")) return undefined; // piped into other tools: not a plain dump
  const words = args === "" ? [] : args.split(/\s+/).map(unquote);
  if (words.some((w) => w.startsWith("-") && !["--get", "--sort"].includes(w))) return undefined;
  return {
    kind: "print",
    filters: words.filter((w) => !w.startsWith("-")),
    get: words.includes("--get"),
    sort: words.includes("--sort"),
    traced,
    args,
    ...(file === undefined ? {} : { file: file.replace("$DATABRICKS_BUNDLE_ENGINE", "direct") }),
  };
}

/** Takes `name() { … }` blocks out of the script (kept by name) and returns the remaining lines. */
function collectFunctions(lines: readonly string[], out: Map<string, string[]>): string[] {
  const rest: string[] = [];
  let current: string[] | undefined;
  for (const l of lines) {
    const start = /^(\w+)\(\) \{$/.exec(l.trim());
    if (start?.[1] !== undefined) {
      current = [];
      out.set(start[1], current);
    } else if (current !== undefined && l.trim() === "}") current = undefined;
    else if (current !== undefined) current.push(l);
    else rest.push(l);
  }
  return rest;
}

/** `cmd <<EOF` … `EOF` becomes one line holding the command, a newline and the document. */
function joinHeredocs(lines: readonly string[]): string[] {
  const out: string[] = [];
  let doc: string[] | undefined;
  for (const l of lines) {
    if (doc !== undefined) {
      if (l.trim() === "EOF") {
        out.push(doc.join("\n"));
        doc = undefined;
      } else doc.push(l);
    } else if (/<<EOF$/.test(l.trim())) doc = [l.trim()];
    else out.push(l);
  }
  return out;
}
