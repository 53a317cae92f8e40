import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushPayloadSchema } from "../../../shared/github/payloads.js";
import { routePush } from "../../../shared/github/push-route.js";
import { routingConfigSchema } from "../../../shared/github/routing-config.js";
import { commitsBetween, currentRef, revParse } from "../../../local/github/git.js";
import { buildPushPayload } from "../../../local/github/push-payload.js";
import { scratchRepo, type ScratchRepo } from "./fixtures.js";

let scratch: ScratchRepo;
let repo: string;

beforeAll(() => {
  scratch = scratchRepo("push-repo-");
  repo = scratch.dir;
  scratch.write("bundles/churn/databricks.yml", "bundle: { name: churn }\n");
  scratch.write("README.md", "x\n");
  scratch.commit("first");
  scratch.write("bundles/churn/src/träin.py", "print(1)\n");
  scratch.write("bundles/churn/databricks.yml", "bundle: { name: churn }\n# changed\n");
  rmSync(join(repo, "README.md"));
  scratch.commit("second\n\nwith a body");
});
afterAll(() => scratch?.remove());

const repository = {
  fullName: "local/ml-orchestrator",
  id: 1,
  defaultBranch: "main",
  htmlBase: "http://127.0.0.1:7074",
};

describe("buildPushPayload from a local repository", () => {
  it("lists HEAD's changes the way GitHub does, and routes like a real push", () => {
    const after = revParse(repo, "HEAD") ?? "";
    const before = revParse(repo, "HEAD~1");
    const payload = buildPushPayload({
      repository,
      ref: currentRef(repo) ?? "",
      before,
      after,
      commits: commitsBetween(repo, before, after),
      installationId: 1,
      pushedAt: new Date(0),
    });
    expect(payload).toMatchObject({
      ref: "refs/heads/main",
      before,
      after,
      created: false,
      head_commit: { id: after, message: "second\n\nwith a body" },
    });
    expect(payload.commits).toHaveLength(1);
    expect(payload.commits[0]).toMatchObject({
      added: ["bundles/churn/src/träin.py"],
      modified: ["bundles/churn/databricks.yml"],
      removed: ["README.md"],
    });
    const routing = routingConfigSchema.parse({
      repositories: ["local/ml-orchestrator"],
      routes: [{ branch: "main", target: "staging" }],
    });
    const decision = routePush(routing, pushPayloadSchema.parse(JSON.parse(JSON.stringify(payload))), {
      deliveryId: "d",
      receivedAt: "2026-01-01T00:00:00.000Z",
    });
    expect(decision).toMatchObject({
      kind: "deploy",
      request: {
        sha: after,
        changes: {
          kind: "paths",
          paths: ["README.md", "bundles/churn/databricks.yml", "bundles/churn/src/träin.py"],
        },
      },
    });
  });

  it("marks the first push of a ref as created, with the all-zero before", () => {
    const after = revParse(repo, "HEAD~1") ?? "";
    const payload = buildPushPayload({
      repository,
      ref: "refs/heads/main",
      before: undefined,
      after,
      commits: commitsBetween(repo, undefined, after),
      installationId: 1,
      pushedAt: new Date(0),
    });
    expect(payload).toMatchObject({ created: true, before: "0".repeat(40) });
    expect(payload.commits.map((c) => c.added)).toEqual([["README.md", "bundles/churn/databricks.yml"]]);
  });

  it("reports a missing revision as undefined", () => {
    expect(revParse(repo, "HEAD~5")).toBeUndefined();
  });
});
