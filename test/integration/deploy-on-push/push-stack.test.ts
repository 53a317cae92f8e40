import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverPush, type PushDelivery } from "../../../local/github/deliver-push.js";
import { remoteFs } from "../../../shared/bundles/deploy/index.js";
import { scratchRepo, type ScratchRepo } from "../../unit/local-github/fixtures.js";
import { missing } from "../stack/helpers.js";
import {
  checkRuns,
  copyChurn,
  finished,
  jobs,
  startPushStack,
  stopPushStack,
  type PushStack,
} from "./push-stack-fixture.js";

/**
 * Issue #6 on the local stack (`npm start`'s components, the GitHub stand-in included): signed pushes of a
 * throw-away git repository holding bundles/churn go through the webhook, DeployOnPush and DeployCommit,
 * the production Octokit source fetcher (App JWT → installation token → tarball) and the bundle engine,
 * into the Databricks emulator. The repository is a temporary copy so the test works in any clone.
 */
const SECRET = "push-stack-test-secret-0001";
const REPO = "local/ml-orchestrator";
const FILES = "/Workspace/Shared/.bundle/churn/staging/files";

describe.skipIf(missing() !== undefined)("push → deploy on the local stack", () => {
  let stack: PushStack;
  let repo: ScratchRepo;
  const commits: string[] = [];

  const push = (before: string, after: string, deliveryId?: string) =>
    deliverPush({
      cwd: repo.dir,
      hostUrl: stack.hostUrl,
      secret: SECRET,
      repository: REPO,
      ref: "refs/heads/main",
      before,
      after,
      ...(deliveryId === undefined ? {} : { deliveryId }),
    });
  const instanceOf = (d: PushDelivery) => JSON.parse(d.body) as { instanceId: string; status: string };
  const done = (instanceId: string) => finished(stack.hostUrl, instanceId);
  const runs = async (sha: string) =>
    (await checkRuns(stack, REPO, sha)).map((r) => ({
      name: r.name,
      status: r.status,
      conclusion: r.conclusion,
    }));

  beforeAll(async () => {
    repo = scratchRepo("push-stack-");
    repo.write("README.md", "test repository\n");
    commits.push(repo.commit("readme"));
    copyChurn(repo.dir);
    commits.push(repo.commit("add churn"));
    for (const n of [2, 3]) {
      repo.write("bundles/churn/NOTE.md", `commit ${n}\n`);
      commits.push(repo.commit(`churn ${n}`));
    }
    stack = await startPushStack({
      GITHUB_STANDIN_REPO: repo.dir,
      GITHUB_WEBHOOK_SECRET: SECRET,
      GITHUB_DEPLOY_ROUTING: JSON.stringify({
        repositories: [REPO],
        routes: [{ branch: "main", target: "staging" }],
      }),
    });
  }, 300_000);

  afterAll(async () => {
    await stopPushStack(stack);
    repo?.remove();
  }, 60_000);

  it("a signed push deploys bundles/churn to staging: the jobs exist with their names and settings", async () => {
    const delivery = await push(commits[0] ?? "", commits[1] ?? "", "delivery-1");
    expect(delivery.status).toBe(202);
    const { instanceId } = instanceOf(delivery);
    expect((await done(instanceId)).output).toMatchObject({
      kind: "done",
      results: [{ bundle: "churn", kind: "deployed" }],
    });
    const byName = new Map((await jobs(stack.client)).map((j) => [j.settings?.name, j.settings]));
    expect([...byName.keys()].sort()).toEqual(["churn-evaluate", "churn-register", "churn-train"]);
    expect(byName.get("churn-evaluate")).toMatchObject({ max_concurrent_runs: 4 });
    expect(byName.get("churn-register")).toMatchObject({ max_concurrent_runs: 1 });
    const params = (byName.get("churn-train")?.parameters ?? []) as { name: string }[];
    expect(params.map((p) => p.name)).toContain("orchestration_id");
    // Deployed by the DeployBundleSteps sub-orchestration (one activity per step, ADR 0022), with the
    // pushed commit kept in bundle.git although the snapshot has no .git.
    const steps = await done(`${instanceId}:deploy:churn:staging:bundle`);
    expect(steps.output).toMatchObject({ kind: "deployed", counts: { change: 0, delete: 0 } });
    const meta = await remoteFs(stack.client).readText(FILES.replace(/files$/, "state/metadata.json"));
    expect(JSON.parse(meta ?? "{}")).toMatchObject({ config: { bundle: { git: { commit: commits[1] } } } });
    // Reported on the commit through the App: queued → in_progress → success.
    expect(await runs(commits[1] ?? "")).toEqual([
      { name: "deploy/staging/churn", status: "completed", conclusion: "success" },
    ]);
  }, 300_000);

  it("a redelivery (same X-GitHub-Delivery) starts nothing and deploys nothing", async () => {
    const before = (await jobs(stack.client)).map((j) => j.job_id).sort();
    const again = await push(commits[0] ?? "", commits[1] ?? "", "delivery-1");
    expect(again.status).toBe(202);
    expect(instanceOf(again).status).toBe("duplicate");
    expect((await jobs(stack.client)).map((j) => j.job_id).sort()).toEqual(before);
  }, 60_000);

  it("two quick pushes deploy only the newer commit", async () => {
    const older = instanceOf(await push(commits[1] ?? "", commits[2] ?? "")).instanceId;
    const newer = instanceOf(await push(commits[2] ?? "", commits[3] ?? "")).instanceId;
    const [first, second] = [await done(older), await done(newer)];
    expect(first.output?.results).toEqual([{ bundle: "churn", kind: "superseded" }]);
    expect(second.output?.results).toMatchObject([{ bundle: "churn", kind: "deployed" }]);
    expect((await runs(commits[2] ?? ""))[0]?.conclusion).toBe("skipped");
    expect((await runs(commits[3] ?? ""))[0]?.conclusion).toBe("success");
    expect(await remoteFs(stack.client).readText(`${FILES}/NOTE.md`)).toBe("commit 3\n");
    expect((await jobs(stack.client)).length).toBe(3);
  }, 300_000);
});
