import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { findMlflowExecutable } from "../../local/mlflow/venv.js";
import { prepareSchema, type JsonSchema } from "../../shared/bundles/index.js";
import { corpusPresent, CORPUS_DIR, listCases, REPO_ROOT, SCHEMA_FILE } from "./corpus.js";
import { runDeployCase, runsDeploy, type DeployCaseResult } from "./deploy-case.js";
import { renderDeployReport } from "./deploy-report.js";

/** Cases that passed when this suite was last changed: each must keep passing. */
const PASSING: readonly string[] = [
  "bundle_tag__id",
  "resource_deps__id_chain",
  "resource_deps__job_id_delete_bar",
  "resource_deps__job_id_delete_foo",
  "resource_deps__jobs_update_remote",
  "resource_deps__model_id_ref",
  "resources__jobs__big_id",
  "resources__jobs__delete_job",
  "resources__jobs__num_workers",
  "resources__jobs__remote_matches_config",
  "resources__jobs__update_single_node",
  "resources__jobs__webhook-reorder-remote",
  "resources__models__readplan-permissions",
  "resources__registered_models__drift__browse_only",
];
const DOC = join(REPO_ROOT, "docs/conformance-deploy.md");

const present = corpusPresent();
if (!present)
  console.warn(
    `[conformance] SKIPPED deploy suite: corpus not found at ${CORPUS_DIR} (or schema at ${SCHEMA_FILE})`,
  );

describe.skipIf(!present)("databricks bundle deploy/destroy conformance (requests)", () => {
  let results: DeployCaseResult[] = [];
  beforeAll(async () => {
    results = await collect();
  }, 600_000);

  it("every case that passed before still passes", () => {
    const passing = new Set(results.filter((r) => r.status === "pass").map((r) => r.name));
    expect(PASSING.filter((n) => !passing.has(n))).toEqual([]);
  });

  it("docs/conformance-deploy.md lists the current results", () => {
    const report = renderDeployReport(results);
    if (process.env["UPDATE_CONFORMANCE_DOC"] === "1") writeFileSync(DOC, report);
    expect(existsSync(DOC) ? readFileSync(DOC, "utf8") : "").toBe(report);
  });
});

async function collect(): Promise<DeployCaseResult[]> {
  const schema = prepareSchema(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as JsonSchema);
  const mlflow = findMlflowExecutable() !== undefined;
  const out: DeployCaseResult[] = [];
  for (const c of listCases().filter(runsDeploy)) {
    try {
      out.push(await runDeployCase(c, schema, mlflow));
    } catch (e) {
      out.push({
        name: c.name,
        status: "fail",
        reason: `harness error: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
  return out;
}
