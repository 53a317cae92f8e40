import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { createRestLookups, renderJson, validateWithLookups, type PreparedSchema, type ValidateResult } from "../../shared/bundles/index.js";
import type { Plain } from "../../shared/bundles/dyn.js";
import { shortName, type CurrentUser } from "../../shared/bundles/workspace.js";
import { foreignResourceTypes, inputDir, parentFile, type CaseMeta } from "./corpus.js";
import { fakeLookupTransport } from "./fake-lookups.js";
import { jq } from "./jq.js";
import { nodeSource } from "./node-source.js";
import { applyPlaceholders } from "./placeholders.js";
import { parseScript, scriptLines, type Invocation } from "./script.js";
import type { BundleSource } from "../../shared/bundles/index.js";

export type CaseResult =
  | { readonly name: string; readonly status: "pass"; readonly checks: number }
  | { readonly name: string; readonly status: "fail"; readonly reason: string }
  | { readonly name: string; readonly status: "out-of-subset"; readonly reason: string };

/** The fake workspace's users (corpus README, "The fake workspace"). */
const USER: CurrentUser = { userName: "tester@databricks.com", id: "1000012345" };
const SP: CurrentUser = { userName: "aaaaaaaa-bbbb-4ccc-dddd-eeeeeeeeeeee", id: "1000012345", isServicePrincipal: true };

export async function runCase(c: CaseMeta, schema: PreparedSchema): Promise<CaseResult> {
  const invocations = parseScript(scriptLines(c.commands, parentFile(c, "_script")));
  if (!invocations.some((i) => i.json)) return { name: c.name, status: "out-of-subset", reason: "no `bundle validate -o json`" };
  const foreign = foreignResourceTypes(inputDir(c));
  if (foreign.length > 0) return { name: c.name, status: "out-of-subset", reason: `resource types outside the subset: ${foreign.join(", ")}` };
  const user = c.isServicePrincipal ? SP : USER;
  const ctx = { userName: user.userName, shortName: shortName(user), userId: user.id, tmpDir: inputDir(c), repls: c.repls };
  const expectedAll = readExpected(c);
  const ourErrors: string[] = [];
  let checks = 0;
  for (const inv of invocations) {
    const result = await run(c, inv, user, schema);
    ourErrors.push(...result.diagnostics.filter((d) => d.severity === "error").map((d) => applyPlaceholders(`Error: ${d.summary}`, ctx)));
    for (const check of inv.checks) {
      checks++;
      if (result.config === undefined) return fail(c, `${describe(inv)}: no JSON produced (${ourErrors[0] ?? "no error"})`);
      // jq sees the CLI's sorted JSON and keeps key order, including for objects it builds.
      const view = check.filters.reduce<unknown>((acc, f) => jq(f, acc), sortDeep(result.config));
      const raw = check.filters.length === 1 && check.filters[0] === ".";
      const text = applyPlaceholders(renderJson(view as Plain, { htmlEscape: raw, sortKeys: false }), ctx);
      const expected = expectedAll.get(check.file);
      if (expected === undefined) return fail(c, `expected file ${check.file} missing`);
      if (!expected.includes(text)) return fail(c, `${describe(inv)} | jq ${check.filters.join(" | ")}: ${firstDifference(text, expected)}`);
    }
  }
  return compareErrors(c, ourErrors, expectedAll, checks);
}

/** `lookup` variables resolve against the CLI's fake workspace, through the engine's REST lookups. */
function run(c: CaseMeta, inv: Invocation, user: CurrentUser, schema: PreparedSchema): Promise<ValidateResult> {
  return validateWithLookups({
    source: withEdits(nodeSource(resolve(inputDir(c), inv.cwd)), inv),
    currentUser: user, schema, vars: inv.vars, env: inv.env, includeLocations: inv.includeLocations,
    ...(inv.target === undefined ? {} : { target: inv.target }),
  }, createRestLookups(fakeLookupTransport));
}

function compareErrors(c: CaseMeta, ours: string[], expected: Map<string, string>, checks: number): CaseResult {
  const all = [...expected.values()].join("\n");
  const unexpected = ours.find((e) => !all.includes(e));
  if (unexpected !== undefined) return fail(c, `we report an error the CLI does not: ${JSON.stringify(unexpected.split("\n")[0])}`);
  const onlyValidate = c.commands.every((l) => !/bundle (plan|deploy|destroy|summary|run)/.test(l));
  if (onlyValidate) {
    const missing = [...all.matchAll(/^Error: .*$/gm)].map((m) => m[0]).find((e) => !ours.some((o) => o.split("\n")[0] === e));
    if (missing !== undefined) return fail(c, `the CLI reports an error we do not: ${JSON.stringify(missing)}`);
  }
  return { name: c.name, status: "pass", checks };
}

function readExpected(c: CaseMeta): Map<string, string> {
  const dir = join(c.dir, "expected");
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)) if (f !== "out.test.toml") out.set(f, readFileSync(join(dir, f), "utf8"));
  return out;
}

const fail = (c: CaseMeta, reason: string): CaseResult => ({ name: c.name, status: "fail", reason });

const describe = (inv: Invocation): string =>
  `validate${inv.target === undefined ? "" : ` -t ${inv.target}`}${inv.vars.map((v) => ` --var ${v}`).join("")}`;

/** First line of our output that the expected file does not contain: enough to see why. */
function firstDifference(ours: string, expected: string): string {
  const line = ours.split("\n").find((l) => !expected.includes(l.trim()));
  return line === undefined ? "lines present but not as one block (order or extra fields)" : `unexpected line ${JSON.stringify(line.trim())}`;
}

function sortDeep(v: Plain): Plain {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k] ?? null)]));
}

function withEdits(source: BundleSource, inv: Invocation): BundleSource {
  return {
    listDir: (p) => source.listDir(p),
    readFile: (p) => inv.edits.reduce((text, e) => (text !== undefined && e.file === p ? text.split(e.old).join(e.new) : text), source.readFile(p)),
  };
}
