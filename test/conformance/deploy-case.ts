import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PreparedSchema } from "../../shared/bundles/index.js";
import type { JobSettings } from "../../shared/databricks/index.js";
import { foreignResourceTypes, inputDir, parentFile, type CaseMeta } from "./corpus.js";
import { parseDeployScript, type Step } from "./deploy-script.js";
import { caseWorkspace, TESTER, type CaseWorkspace } from "./deploy-workspace.js";
import { applyFileStep, needsMlflow, readExpected } from "./deploy-steps.js";
import { applyPlaceholders } from "./placeholders.js";
import {
  dumpInOutput,
  filterRequests,
  firstLine,
  firstMismatch,
  namesInOutput,
  normalised,
  parseStream,
  requestNames,
  sortedByText,
  type Recorded,
} from "./requests.js";
import type { CaseResult } from "./run-case.js";
import { scriptLines } from "./script.js";

/** What one request dump compared: our count and the CLI's, for docs/benchmarks.md. */
export interface DumpCount {
  readonly dump: string;
  readonly ours: number;
  readonly cli: number;
}

export type DeployCaseResult = CaseResult & {
  readonly counts?: readonly DumpCount[];
  readonly perCommand?: readonly { command: string; requests: number; uploads: number }[];
  /** Plans the script saved after a deploy, compared with the corpus's (reported, not part of the verdict). */
  readonly planNotes?: readonly string[];
};

export const runsDeploy = (c: CaseMeta): boolean =>
  scriptLines(c.commands, parentFile(c, "_script")).some((l) => /\bbundle (deploy|destroy)\b/.test(l));

/**
 * Replays a deploy/destroy case against the emulator and compares every request dump the script
 * prints (print_requests.py) with the recorded one: same requests, same order (unless --sort),
 * method, path and body equal after the README's placeholders. JSON plans the script saves after
 * a deploy are compared too when the corpus has them.
 */
export async function runDeployCase(
  c: CaseMeta,
  schema: PreparedSchema,
  mlflowOk: boolean,
): Promise<DeployCaseResult> {
  const out = (reason: string): DeployCaseResult => ({ name: c.name, status: "out-of-subset", reason });
  const foreign = foreignResourceTypes(inputDir(c));
  if (foreign.length > 0) return out(`resource types outside the subset: ${foreign.join(", ")}`);
  const script = parseDeployScript(scriptLines(c.commands, parentFile(c, "_script")));
  if ("unsupported" in script) return out(script.unsupported);
  if (!script.steps.some((s) => s.kind === "print" || s.kind === "refuse" || s.kind === "select-bodies"))
    return out("records no request dump (nothing to compare)");
  const mlflow = needsMlflow(inputDir(c));
  if (mlflow && !mlflowOk) return out("needs the MLflow server, which is not installed here");
  const dir = mkdtempSync(join(tmpdir(), "conf-case-"));
  cpSync(inputDir(c), dir, { recursive: true });
  const ws = await caseWorkspace(dir, schema, mlflow);
  try {
    return await replay(c, dir, ws, script.steps);
  } finally {
    await ws.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function replay(
  c: CaseMeta,
  dir: string,
  ws: CaseWorkspace,
  steps: readonly Step[],
): Promise<DeployCaseResult> {
  const repls: [string, string][] = [];
  const normalise = (text: string): string => {
    let t = text.split(ws.url).join("[DATABRICKS_URL]");
    for (const [from, to] of repls) t = t.split(from).join(to);
    return applyPlaceholders(t, {
      userName: TESTER,
      shortName: "tester",
      userId: "1000012345",
      tmpDir: dir,
      repls: c.repls,
    });
  };
  const output = readExpected(c, "output.txt") ?? "";
  const counts: DumpCount[] = [];
  const outcomes: string[] = [];
  const plans: { file: string; plan: string }[] = [];
  const planNotes: string[] = [];
  const prints: { step: Extract<Step, { kind: "print" }>; sent: Recorded[] }[] = [];
  const files = new Map<string, unknown[]>(); // request bodies the script wrote to files with jq
  let cursor = 0;
  const shell = new Map<string, string>(); // variables the script set from ids it read
  const fail = (reason: string): DeployCaseResult => ({
    planNotes,
    counts,
    name: c.name,
    status: "fail",
    reason: `${reason} (commands: ${outcomes.join(", ")})`,
  });
  for (const step of steps) {
    if (applyFileStep(dir, step, shell)) continue;
    switch (step.kind) {
      case "deploy":
        outcomes.push(`deploy ${await ws.deploy(step.forceLock)}`);
        break;
      case "destroy":
        outcomes.push(`destroy ${await ws.destroy()}`);
        break;
      case "clear-requests":
        ws.log.splice(0);
        break;
      case "read-id": {
        const id = await ws.stateId(step.name);
        if (id !== undefined && step.repl) repls.push([id, `[${step.name.toUpperCase()}_ID]`]);
        shell.set(step.variable, id ?? "");
        break;
      }
      case "jobs-reset": {
        const body = JSON.parse(readFileSync(join(dir, step.file), "utf8")) as {
          job_id: unknown;
          new_settings: JobSettings;
        };
        await ws.resetJob({ job_id: String(body.job_id), new_settings: body.new_settings });
        break;
      }
      case "jobs-delete":
        await ws.deleteJob(shell.get(step.idVariable) ?? "");
        break;
      case "edit-job":
        await ws.editJob(shell.get(step.idVariable) ?? "", step.code);
        break;
      case "model-id": {
        const id = await ws.modelId(step.model);
        if (id !== undefined) repls.push([id, `[${step.repl}]`]);
        break;
      }
      case "plan-json": {
        const plan = await ws.planJson();
        writeFileSync(join(dir, step.to), plan);
        if (step.to.startsWith("out")) plans.push({ file: step.to, plan });
        break;
      }
      case "refuse": {
        const hits = filterRequests(ws.log, step.filters, true).filter((r) => r.method === step.method);
        counts.push({ dump: `no ${step.method} ${step.filters.join(" ")}`, ours: hits.length, cli: 0 });
        ws.log.splice(0);
        if (hits.length > 0)
          return fail(`sent ${step.method} ${hits[0]?.path ?? ""}, which the script refuses`);
        break;
      }
      case "select-bodies": {
        const hits = ws.log.filter((r) => r.path === step.path && requestNames([r])[0] === step.name);
        const bodies = normalised(hits, normalise, (r) => r.body);
        files.set(step.file, [...(step.append ? (files.get(step.file) ?? []) : []), ...bodies]);
        break;
      }
      case "print": {
        // Compared once the script ends: the harness applies ids registered later to every output.
        prints.push({ step, sent: filterRequests(ws.log, step.filters, step.get) });
        ws.log.splice(0); // print_requests.py deletes out.requests.txt
        break;
      }
    }
  }
  for (const { file, plan } of plans) {
    const expected = readExpected(c, file);
    if (expected !== undefined)
      planNotes.push(
        normalise(plan).trim() === expected.trim()
          ? `\`${file}\`: equal`
          : `\`${file}\`: differs, ${firstLine(normalise(plan), expected)}`,
      );
  }
  for (const [file, ours] of files) {
    const cli = parseStream(readExpected(c, file) ?? "");
    counts.push({ dump: `jq bodies > ${file}`, ours: ours.length, cli: cli.length });
    if (JSON.stringify(ours) !== JSON.stringify(cli)) return fail(`${file}: ${firstMismatch(ours, cli)}`);
  }
  for (const { step, sent } of prints) {
    const ours = step.names === true ? requestNames(sent) : normalised(sent, normalise);
    let cli: unknown[];
    if (step.file !== undefined) {
      cli = parseStream(readExpected(c, step.file) ?? "");
      // Its traced command line still shows in output.txt: later dumps are looked for after it.
      if (step.traced) cursor = dumpInOutput(output, cursor, true, step.args, step.marker).end;
    } else {
      const dump =
        step.names === true
          ? namesInOutput(output, cursor, step.marker ?? "")
          : dumpInOutput(output, cursor, step.traced, step.args, step.marker);
      cli = dump.items;
      cursor = dump.end;
    }
    counts.push({
      dump: step.marker ?? `print_requests.py ${step.args}`,
      ours: ours.length,
      cli: cli.length,
    });
    const [a, b] = step.sort ? [sortedByText(ours), sortedByText(cli)] : [ours, cli];
    if (JSON.stringify(a) !== JSON.stringify(b))
      return fail(`print_requests.py ${step.args}: ${firstMismatch(a, b)}`);
  }
  return {
    name: c.name,
    status: "pass",
    checks: counts.length,
    counts,
    perCommand: ws.perCommand,
    planNotes,
  };
}
