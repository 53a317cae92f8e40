import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRestLookups, renderDiagnostic, validateWithLookups, type BundleSource, type PreparedSchema } from "../../shared/bundles/index.js";
import { planBundle, readState, renderPlanError, renderPlanJson, renderPlanText } from "../../shared/bundles/plan/index.js";
import type { Plain } from "../../shared/bundles/dyn.js";
import { shortName, type CurrentUser } from "../../shared/bundles/workspace.js";
import { foreignResourceTypes, inputDir, parentFile, type CaseMeta } from "./corpus.js";
import { nodeSource } from "./node-source.js";
import { applyPlaceholders, type PlaceholderContext } from "./placeholders.js";
import { envsubst } from "./envsubst.js";
import { fakeLookupTransport } from "./fake-lookups.js";
import { parsePlanScript, type FileEdit, type PlanInvocation, type Template } from "./plan-script.js";
import type { CaseResult } from "./run-case.js";
import { scriptLines } from "./script.js";

const USER: CurrentUser = { userName: "tester@databricks.com", id: "1000012345" };
const SP: CurrentUser = { userName: "aaaaaaaa-bbbb-4ccc-dddd-eeeeeeeeeeee", id: "1000012345", isServicePrincipal: true };
/** The plan's cli_version is the running CLI's; the corpus shows it as this placeholder. */
const CLI_VERSION = "[CLI_VERSION]";

export const runsPlan = (c: CaseMeta): boolean => scriptLines(c.commands, parentFile(c, "_script")).some((l) => /\bbundle plan\b/.test(l));

export async function runPlanCase(c: CaseMeta, schema: PreparedSchema): Promise<CaseResult> {
  const script = parsePlanScript(scriptLines(c.commands, parentFile(c, "_script")));
  const out = (reason: string): CaseResult => ({ name: c.name, status: "out-of-subset", reason });
  const foreign = foreignResourceTypes(inputDir(c));
  if (foreign.length > 0) return out(`resource types outside the subset: ${foreign.join(", ")}`);
  if (script.deploysFirst) return out("deploys to the test server before its first plan (needs a live deploy)");
  if (script.unsupported !== undefined) return fail(c, `harness: ${script.unsupported}`);
  const user = c.isServicePrincipal ? SP : USER;
  const ctx: PlaceholderContext = { userName: user.userName, shortName: shortName(user), userId: user.id, tmpDir: inputDir(c), repls: c.repls };
  // Outputs sharing a file must appear in script order: a later plan cannot stand in for an earlier one.
  const cursor = new Map<string, number>();
  for (const inv of script.plans) {
    const ours = applyPlaceholders(applyEdits(inv.file, await runPlan(c, inv, user, schema), script.outputEdits), ctx);
    const expected = readExpected(c, inv.file);
    if (expected === undefined) return fail(c, `expected file ${inv.file} missing`);
    const at = expected.indexOf(ours, cursor.get(inv.file) ?? 0);
    const ok = inv.file === "output.txt" || inv.file.endsWith(".txt") ? at >= 0 : expected.trim() === ours.trim();
    if (!ok) return fail(c, `${describe(inv)}: ${firstDifference(ours, expected.slice(cursor.get(inv.file) ?? 0))}`);
    cursor.set(inv.file, at + ours.length);
  }
  return { name: c.name, status: "pass", checks: script.plans.length };
}

/** What the CLI prints for one `bundle plan`: validation errors, a planning error, or the plan. */
async function runPlan(c: CaseMeta, inv: PlanInvocation, user: CurrentUser, schema: PreparedSchema): Promise<string> {
  const source = withInputs(nodeSource(inputDir(c)), inv);
  const input = { source, currentUser: user, schema, vars: inv.vars, env: {}, ...(inv.target === undefined ? {} : { target: inv.target }) };
  const validated = await validateWithLookups(input, createRestLookups(fakeLookupTransport));
  const errors = validated.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || validated.config === undefined) return errors.map(renderDiagnostic).join("\n");
  const state = inv.stateFile === undefined ? undefined : readState(source.readFile(inv.stateFile[0]) ?? "", join(inputDir(c), inv.stateFile[1]));
  if (state?.kind === "error") return `Error: ${state.message}\n`;
  const deployed = state?.state;
  const result = planBundle({ desired: validated.config, cliVersion: CLI_VERSION, schema, permissions: true, remote: emptyWorkspace, ...(deployed === undefined ? {} : { deployed }) });
  if (result.kind === "error") return renderPlanError(result);
  return inv.json ? `${renderPlanJson(result.plan)}\n` : renderPlanText(result.plan);
}

/**
 * Plans compared here run before the script's first deploy, against the CLI's test server, which
 * starts empty: a resource recorded in a copied-in state is gone (GET answers 404), while the
 * permissions API answers any object with an empty ACL (libs/testserver).
 */
const emptyWorkspace = (node: string, id: string): Plain | null => (node.endsWith(".permissions") ? { object_id: id } : null);

function withInputs(source: BundleSource, inv: PlanInvocation): BundleSource {
  return {
    listDir: (p) => source.listDir(p),
    readFile: (p) => applyEditsTo(p, render(source, inv.rendered.get(p)) ?? source.readFile(inv.copies.get(p) ?? p), inv.edits),
  };
}

function render(source: BundleSource, t: Template | undefined): string | undefined {
  const text = t === undefined ? undefined : source.readFile(t.template);
  return text === undefined || t === undefined ? undefined : envsubst(text, t.env);
}

function applyEditsTo(file: string, text: string | undefined, edits: readonly FileEdit[]): string | undefined {
  return edits.reduce((t, e) => (t !== undefined && e.file === file ? t.split(e.old).join(e.new) : t), text);
}

const applyEdits = (file: string, text: string, edits: readonly FileEdit[]): string => applyEditsTo(file, text, edits) ?? text;

function readExpected(c: CaseMeta, file: string): string | undefined {
  const p = join(c.dir, "expected", file);
  return existsSync(p) ? readFileSync(p, "utf8") : undefined;
}

const fail = (c: CaseMeta, reason: string): CaseResult => ({ name: c.name, status: "fail", reason });

const describe = (inv: PlanInvocation): string => `plan${inv.json ? " -o json" : ""}${inv.file === "output.txt" ? "" : ` > ${inv.file}`}`;

function firstDifference(ours: string, expected: string): string {
  const line = ours.split("\n").find((l) => !expected.includes(l.trim()));
  return line === undefined ? "lines present but not as one block (order or extra fields)" : `unexpected line ${JSON.stringify(line.trim())}`;
}
