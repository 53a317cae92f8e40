import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractTarball } from "../../../shared/github/tarball.js";
import { startGithubStandIn, type StandIn } from "../../../local/github/standin.js";
import { scratchRepo, standInToken, type ScratchRepo } from "./fixtures.js";

let repo: ScratchRepo;
let standIn: StandIn;
const shas: string[] = [];

beforeAll(async () => {
  repo = scratchRepo("standin-");
  repo.write("bundles/churn/databricks.yml", "bundle: { name: churn }\n");
  shas.push(repo.commit("one"));
  repo.write("README.md", "hi\n");
  shas.push(repo.commit("two"));
  standIn = await startGithubStandIn(repo.dir);
});
afterAll(async () => {
  await standIn?.close();
  repo?.remove();
});

const call = (path: string, init: { method?: string; token?: string; body?: unknown } = {}) =>
  fetch(`${standIn.url}${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: init.token === undefined ? "" : `token ${init.token}`,
      "content-type": "application/json",
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

const token = (): Promise<string> => standInToken(standIn.url, 1);

describe("GitHub stand-in", () => {
  it("issues installation tokens to an App JWT only, and refuses calls without one", async () => {
    const bad = await fetch(`${standIn.url}/app/installations/1/access_tokens`, { method: "POST" });
    expect(bad.status).toBe(401);
    expect(await token()).toMatch(/^ghs_[A-Za-z0-9_-]{36}$/);
    expect((await call(`/repos/acme/ml/tarball/${shas[1]}`)).status).toBe(401);
    expect((await call(`/repos/acme/ml/tarball/${shas[1]}`, { token: "ghs_forged" })).status).toBe(401);
  });

  it("serves the repository at a commit as a tarball the product's safe extractor accepts", async () => {
    const res = await call(`/repos/acme/ml/tarball/${shas[0]}`, { token: await token() });
    const dest = join(repo.work, "snap");
    const result = await extractTarball(res.body as AsyncIterable<Uint8Array>, dest);
    expect(result.prefix).toBe(`acme-ml-${shas[0]?.slice(0, 7)}`);
    expect(readFileSync(join(dest, "bundles/churn/databricks.yml"), "utf8")).toContain("churn");
  });

  it("refuses revisions that could be git options", async () => {
    expect((await call("/repos/acme/ml/tarball/--output=x", { token: await token() })).status).toBe(404);
  });

  it("compares two commits", async () => {
    const res = await call(`/repos/acme/ml/compare/${shas[0]}...${shas[1]}`, { token: await token() });
    expect(await res.json()).toMatchObject({ files: [{ filename: "README.md", status: "added" }] });
  });

  it("keeps check runs, deployments and statuses for tests to read", async () => {
    const t = await token();
    const created = (await (
      await call("/repos/acme/ml/check-runs", {
        method: "POST",
        token: t,
        body: { name: "deploy/staging/churn", head_sha: shas[1] },
      })
    ).json()) as { id: number; status: string };
    expect(created.status).toBe("queued");
    const done = await call(`/repos/acme/ml/check-runs/${created.id}`, {
      method: "PATCH",
      token: t,
      body: { conclusion: "success" },
    });
    expect(await done.json()).toMatchObject({ status: "completed", conclusion: "success" });
    const listed = await call(`/repos/acme/ml/commits/${shas[1]}/check-runs`, { token: t });
    expect(await listed.json()).toMatchObject({ total_count: 1 });
    const deployment = (await (
      await call("/repos/acme/ml/deployments", {
        method: "POST",
        token: t,
        body: { ref: shas[1], environment: "staging" },
      })
    ).json()) as { id: number };
    expect(
      (
        await call(`/repos/acme/ml/deployments/${deployment.id}/statuses`, {
          method: "POST",
          token: t,
          body: { state: "success" },
        })
      ).status,
    ).toBe(201);
    expect(standIn.state.deploymentStatuses.get(deployment.id)).toMatchObject([{ state: "success" }]);
    expect(
      (
        await call(`/repos/acme/ml/statuses/${shas[1]}`, {
          method: "POST",
          token: t,
          body: { state: "pending", context: "deploy/staging" },
        })
      ).status,
    ).toBe(201);
    expect(standIn.state.commitStatuses).toHaveLength(1);
  });
});
