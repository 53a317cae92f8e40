import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { createAppAuth } from "@octokit/auth-app";
import { request } from "@octokit/request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultToken } from "../../../local/databricks/index.js";
import { deliverPush, type PushDelivery } from "../../../local/github/deliver-push.js";
import { remoteFs } from "../../../shared/bundles/deploy/index.js";
import { createDatabricksClient, patAuth, type DatabricksClient } from "../../../shared/databricks/index.js";
import {
  freePorts,
  kill,
  interrupt,
  missing,
  repoRoot,
  spawnStack,
  tempDataDir,
  waitReady,
  type StackProcess,
} from "../stack/helpers.js";

/**
 * Issue #6 on the local stack (`npm start`'s components, the GitHub stand-in included): signed pushes of a
 * throw-away git repository holding bundles/churn go through the webhook, DeployOnPush and DeployCommit,
 * the production Octokit source fetcher (App JWT → installation token → tarball) and the bundle engine,
 * into the Databricks emulator. The repository is a temporary copy so the test works in any clone.
 */
const SECRET = "push-stack-test-secret-0001";
const REPO = "local/ml-orchestrator";
const FILES = "/Workspace/Shared/.bundle/churn/staging/files";

const work = mkdtempSync(join(tmpdir(), "push-stack-"));
const repo = join(work, "repo");
const git = (...args: string[]) =>
  execFileSync("git", args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
function commit(message: string, change: () => void): string {
  change();
  git("add", "-A");
  git("commit", "-q", "-m", message);
  return git("rev-parse", "HEAD");
}

interface Instance {
  runtimeStatus: string;
  output: { kind: string; results?: { bundle: string; kind: string }[] } | null;
}

describe.skipIf(missing() !== undefined)("push → deploy on the local stack", () => {
  let stack: StackProcess;
  let hostUrl = "";
  let client: DatabricksClient;
  let github = { url: "", appId: "", appKey: "" };
  const commits: string[] = [];
  const env = { ...process.env };

  const push = (before: string, after: string, deliveryId?: string) =>
    deliverPush({
      cwd: repo,
      hostUrl,
      secret: SECRET,
      repository: REPO,
      ref: "refs/heads/main",
      before,
      after,
      ...(deliveryId === undefined ? {} : { deliveryId }),
    });
  const instanceOf = (d: PushDelivery) => JSON.parse(d.body) as { instanceId: string; status: string };
  async function finished(instanceId: string): Promise<Instance> {
    for (let i = 0; i < 600; i++) {
      const res = await fetch(`${hostUrl}/durabletask/instances/${encodeURIComponent(instanceId)}`);
      const body = res.status === 200 ? ((await res.json()) as Instance) : undefined;
      if (body !== undefined && !["Pending", "Running"].includes(body.runtimeStatus)) return body;
      await sleep(500);
    }
    throw new Error(`${instanceId} did not finish`);
  }
  /** The check runs of a commit, read from the stand-in as the App (its key is in the stack's data folder). */
  const checkRuns = async (sha: string) => {
    const auth = createAppAuth({
      appId: github.appId,
      privateKey: readFileSync(github.appKey, "utf8"),
      request: request.defaults({ baseUrl: github.url }),
    });
    const { token } = await auth({ type: "installation", installationId: 1 });
    const res = await fetch(`${github.url}/repos/${REPO}/commits/${sha}/check-runs`, {
      headers: { authorization: `token ${token}` },
    });
    const body = (await res.json()) as {
      check_runs: { name: string; status: string; conclusion: string | null }[];
    };
    return body.check_runs.map((r) => ({ name: r.name, status: r.status, conclusion: r.conclusion }));
  };
  const jobs = async () => {
    const all: { job_id?: string; settings?: Record<string, unknown> }[] = [];
    for await (const job of client.jobs.list()) all.push(job);
    return all;
  };

  beforeAll(async () => {
    execFileSync("git", ["init", "-q", "-b", "main", repo]);
    git("config", "user.email", "ci@example.com");
    git("config", "user.name", "CI");
    commits.push(commit("readme", () => writeFileSync(join(repo, "README.md"), "test repository\n")));
    commits.push(
      commit("add churn", () =>
        cpSync(join(repoRoot, "bundles", "churn"), join(repo, "bundles", "churn"), {
          recursive: true,
          filter: (src) => !/[\\/](\.databricks|__pycache__|\.pytest_cache|\.venv)$/.test(src),
        }),
      ),
    );
    for (const n of [2, 3])
      commits.push(
        commit(`churn ${n}`, () => writeFileSync(join(repo, "bundles/churn/NOTE.md"), `commit ${n}\n`)),
      );
    // The host takes variables over local.settings.json; the stack hands them to the host and stand-in.
    Object.assign(process.env, {
      GITHUB_STANDIN_REPO: repo,
      GITHUB_WEBHOOK_SECRET: SECRET,
      GITHUB_DEPLOY_ROUTING: JSON.stringify({
        repositories: [REPO],
        routes: [{ branch: "main", target: "staging" }],
      }),
    });
    const dataDir = tempDataDir();
    stack = spawnStack(dataDir, await freePorts());
    const ready = await waitReady(stack, dataDir);
    hostUrl = ready.components.host?.url ?? "";
    const gh = ready.components.github;
    github = { url: gh?.url ?? "", appId: String(gh?.appId ?? ""), appKey: String(gh?.appKey ?? "") };
    client = createDatabricksClient({
      host: ready.components.databricks?.url ?? "",
      auth: patAuth(defaultToken),
      rateLimit: false,
    });
  }, 300_000);

  afterAll(async () => {
    process.env = env;
    if (stack !== undefined) {
      await Promise.race([interrupt(stack), sleep(30_000)]);
      kill(stack);
    }
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it("a signed push deploys bundles/churn to staging: the jobs exist with their names and settings", async () => {
    const delivery = await push(commits[0] ?? "", commits[1] ?? "", "delivery-1");
    expect(delivery.status).toBe(202);
    const { instanceId } = instanceOf(delivery);
    const done = await finished(instanceId);
    expect(done.output).toMatchObject({ kind: "done", results: [{ bundle: "churn", kind: "deployed" }] });
    const byName = new Map((await jobs()).map((j) => [j.settings?.name, j.settings]));
    expect([...byName.keys()].sort()).toEqual(["churn-evaluate", "churn-register", "churn-train"]);
    expect(byName.get("churn-evaluate")).toMatchObject({ max_concurrent_runs: 4 });
    expect(byName.get("churn-register")).toMatchObject({ max_concurrent_runs: 1 });
    const params = (byName.get("churn-train")?.parameters ?? []) as { name: string }[];
    expect(params.map((p) => p.name)).toContain("orchestration_id");
    // Reported on the commit through the App: queued → in_progress → success.
    expect(await checkRuns(commits[1] ?? "")).toEqual([
      { name: "deploy/staging/churn", status: "completed", conclusion: "success" },
    ]);
  }, 300_000);

  it("a redelivery (same X-GitHub-Delivery) starts nothing and deploys nothing", async () => {
    const before = (await jobs()).map((j) => j.job_id).sort();
    const again = await push(commits[0] ?? "", commits[1] ?? "", "delivery-1");
    expect(again.status).toBe(202);
    expect(instanceOf(again).status).toBe("duplicate");
    expect((await jobs()).map((j) => j.job_id).sort()).toEqual(before);
  }, 60_000);

  it("two quick pushes deploy only the newer commit", async () => {
    const older = instanceOf(await push(commits[1] ?? "", commits[2] ?? "")).instanceId;
    const newer = instanceOf(await push(commits[2] ?? "", commits[3] ?? "")).instanceId;
    const [first, second] = [await finished(older), await finished(newer)];
    expect(first.output?.results).toEqual([{ bundle: "churn", kind: "superseded" }]);
    expect(second.output?.results).toMatchObject([{ bundle: "churn", kind: "deployed" }]);
    expect((await checkRuns(commits[2] ?? ""))[0]?.conclusion).toBe("skipped");
    expect((await checkRuns(commits[3] ?? ""))[0]?.conclusion).toBe("success");
    expect(await remoteFs(client).readText(`${FILES}/NOTE.md`)).toBe("commit 3\n");
    expect((await jobs()).length).toBe(3);
  }, 300_000);
});
