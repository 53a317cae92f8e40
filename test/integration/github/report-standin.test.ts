import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubStandIn, type StandIn } from "../../../local/github/standin.js";
import type { DeployReport } from "../../../shared/github/report/deploy-report.js";
import { createGitHubApi } from "../../../shared/github/report/octokit-api.js";
import { createDeployReporter } from "../../../shared/github/report/reporter.js";
import { RERUN_ACTION } from "../../../shared/github/rerun-route.js";
import { createLogger, type LogEntry } from "../../../shared/runtime/logger.js";
import { standInToken } from "../../unit/local-github/fixtures.js";

/**
 * The production reporting path (@octokit/request, @octokit/auth-app with a real RS256 App JWT) against
 * the local GitHub stand-in over HTTP on loopback: what the stand-in stores is what GitHub would show.
 */
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PEM = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const SHA = "d".repeat(40);
let dir: string;
let standIn: StandIn;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "report-standin-"));
  standIn = await startGithubStandIn(dir);
});
afterAll(async () => {
  await standIn?.close();
  rmSync(dir, { recursive: true, force: true });
});

const base: DeployReport = {
  repository: "acme/ml",
  installationId: 3,
  sha: SHA,
  target: "staging",
  bundle: "churn",
  environmentUrl: "http://127.0.0.1:1/workspace",
  phase: "queued",
  correlationId: "gh-it:deploy:churn:staging",
};

function reporter(settings: { token?: string }) {
  const logs: LogEntry[] = [];
  const api = createGitHubApi({
    apiUrl: standIn.url,
    ...(settings.token ? { token: settings.token } : { appId: "4242", privateKey: PEM }),
  });
  const r = createDeployReporter({
    api,
    log: createLogger({ sink: (e) => logs.push(e) }),
    sleep: () => Promise.resolve(),
  });
  return { r, logs };
}

const installationToken = (): Promise<string> => standInToken(standIn.url, 3);

const post = async (path: string, token: string, body: unknown, method = "POST") =>
  fetch(`${standIn.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("deploy reporting against the GitHub stand-in", () => {
  it("as an App: one check run and one deployment through the whole lifecycle, limits respected", async () => {
    const { r, logs } = reporter({});
    expect(await r.report(base)).toMatchObject({ reported: true });
    expect(
      await r.report({ ...base, phase: "in_progress", plan: { add: 3, change: 1, delete: 0 } }),
    ).toMatchObject({ reported: true });
    const failure: DeployReport = {
      ...base,
      phase: "failure",
      message: "e".repeat(100_000),
      annotations: Array.from({ length: 120 }, (_, i) => ({
        path: "bundles/churn/databricks.yml",
        line: i + 1,
        message: `bad key ${i}`,
      })),
    };
    expect(await r.report(failure)).toMatchObject({ reported: true });
    expect(await r.report(failure)).toMatchObject({ reported: true });
    const runs = [...standIn.state.checkRuns.values()].filter((c) => c.head_sha === SHA);
    expect(runs).toHaveLength(1);
    const run = runs[0] as {
      id: number;
      output: { summary: string; annotations_count: number };
      actions: { identifier: string }[];
    };
    expect(run).toMatchObject({
      name: "deploy/staging/churn",
      status: "completed",
      conclusion: "failure",
      external_id: base.correlationId,
    });
    expect(run.output.summary.length).toBeLessThanOrEqual(65_535);
    expect(run.output.annotations_count).toBe(120);
    expect(standIn.state.checkRunAnnotations.get(run.id)).toHaveLength(120);
    expect(run.actions.map((a) => a.identifier)).toEqual([RERUN_ACTION]);
    const deployments = [...standIn.state.deployments.values()].filter((d) => d.sha === SHA);
    expect(deployments).toHaveLength(1);
    expect(deployments[0]).toMatchObject({
      environment: "staging",
      auto_merge: false,
      transient_environment: false,
    });
    const states = standIn.state.deploymentStatuses
      .get(Number(deployments[0]?.id))
      ?.map((s) => [s.state, s.environment_url]);
    expect(states?.map(([s]) => s)).toEqual(["queued", "in_progress", "failure", "failure"]);
    expect(states?.[0]?.[1]).toBe(base.environmentUrl);
    expect(JSON.stringify(logs)).not.toContain("BEGIN RSA");
  });

  it("with a token only: commit statuses instead of a check run, and the deployment still created", async () => {
    const token = await installationToken();
    const sha = "e".repeat(40);
    const { r, logs } = reporter({ token });
    expect(await r.report({ ...base, sha })).toMatchObject({ reported: true });
    expect(
      await r.report({ ...base, sha, phase: "success", plan: { add: 1, change: 0, delete: 0 } }),
    ).toMatchObject({ reported: true });
    expect([...standIn.state.checkRuns.values()].filter((c) => c.head_sha === sha)).toHaveLength(0);
    expect(
      standIn.state.commitStatuses.filter((s) => s.sha === sha).map((s) => [s.context, s.state]),
    ).toEqual([
      ["deploy/staging/churn", "pending"],
      ["deploy/staging/churn", "success"],
    ]);
    // The pending status would have blocked the deployment (409) without required_contexts: [].
    expect([...standIn.state.deployments.values()].filter((d) => d.sha === sha)).toHaveLength(1);
    expect(JSON.stringify(logs)).not.toContain(token);
  });

  it("answers reported:false, without throwing, when the stand-in refuses the credentials", async () => {
    const { r } = reporter({ token: "ghs_not_issued_by_the_stand_in_000000" });
    const out = await r.report({ ...base, sha: "f".repeat(40) });
    expect(out.reported).toBe(false);
    expect(out.detail).toContain("401");
    expect(out.detail).not.toContain("ghs_not_issued");
  });
});

describe("the stand-in validates like GitHub", () => {
  it("422s over 50 annotations, text over 65,535, completion without a conclusion and long action ids", async () => {
    const token = await installationToken();
    const run = (body: Record<string, unknown>) =>
      post("/repos/acme/ml/check-runs", token, { name: "deploy/x/y", head_sha: SHA, ...body });
    const annotation = {
      path: "a.yml",
      start_line: 1,
      end_line: 1,
      annotation_level: "failure",
      message: "m",
    };
    expect(
      (await run({ output: { title: "t", summary: "s", annotations: Array(51).fill(annotation) } })).status,
    ).toBe(422);
    expect(
      (await run({ output: { title: "t", summary: "s", annotations: Array(50).fill(annotation) } })).status,
    ).toBe(201);
    expect((await run({ output: { title: "t", summary: "s", text: "x".repeat(65_536) } })).status).toBe(422);
    expect((await run({ status: "completed" })).status).toBe(422);
    expect(
      (await run({ actions: [{ label: "Re-run", description: "d", identifier: "x".repeat(21) }] })).status,
    ).toBe(422);
    const bad = await run({ output: { title: "t" } });
    expect(await bad.json()).toMatchObject({
      message: "Validation Failed",
      errors: [{ field: "output.summary", code: "missing_field" }],
    });
  });

  it("409s a deployment over a failing status unless required_contexts is given, and 422s long status descriptions", async () => {
    const token = await installationToken();
    const sha = "1".repeat(40);
    expect(
      (await post(`/repos/acme/ml/statuses/${sha}`, token, { state: "failure", context: "ci" })).status,
    ).toBe(201);
    expect((await post("/repos/acme/ml/deployments", token, { ref: sha, environment: "prod" })).status).toBe(
      409,
    );
    const created = await post("/repos/acme/ml/deployments", token, {
      ref: sha,
      environment: "prod",
      required_contexts: [],
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    expect(
      (
        await post(`/repos/acme/ml/deployments/${id}/statuses`, token, {
          state: "success",
          description: "d".repeat(141),
        })
      ).status,
    ).toBe(422);
    expect((await post(`/repos/acme/ml/deployments/${id}/statuses`, token, { state: "done" })).status).toBe(
      422,
    );
    const listed = await fetch(`${standIn.url}/repos/acme/ml/deployments?sha=${sha}&environment=prod`, {
      headers: { authorization: `token ${token}` },
    });
    expect(((await listed.json()) as unknown[]).length).toBe(1);
    expect((await post(`/repos/acme/ml/commits/${sha}/comments`, token, {})).status).toBe(422);
    expect((await post(`/repos/acme/ml/commits/${sha}/comments`, token, { body: "deployed" })).status).toBe(
      201,
    );
  });
});
