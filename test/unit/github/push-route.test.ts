import { describe, expect, it } from "vitest";
import { pushPayloadSchema, type PushPayload } from "../../../shared/github/payloads.js";
import { changeSetOf, MAX_PAYLOAD_COMMITS, routePush } from "../../../shared/github/push-route.js";
import { routingConfigSchema, type RoutingConfig } from "../../../shared/github/routing-config.js";
import { example } from "./fixtures.js";

const config: RoutingConfig = routingConfigSchema.parse({
  repositories: ["Codertocat/Hello-World"],
  routes: [
    { branch: "master", target: "staging" },
    { branch: "release/*", target: "staging" },
    { tag: "v*", target: "prod" },
    { tag: "canary-*", target: "canary" },
  ],
  promotionOnly: ["canary"],
});
const facts = { deliveryId: "d-1", receivedAt: "2026-01-01T00:00:00.000Z" };
const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
const BEFORE = "1111111111111111111111111111111111111111";

// The real payload of a push of one commit to master (adds README.md), from @octokit/webhooks-examples.
function realPush(overrides: Record<string, unknown> = {}): PushPayload {
  const raw = example(
    "push",
    (p) => p.ref === "refs/heads/master" && Array.isArray(p.commits) && p.commits.length === 1,
  );
  return pushPayloadSchema.parse({ ...raw, created: false, before: BEFORE, ...overrides });
}

const commit = (files: { added?: string[]; modified?: string[]; removed?: string[] }) => ({
  id: SHA,
  added: files.added ?? [],
  modified: files.modified ?? [],
  removed: files.removed ?? [],
});

describe("routePush on real payloads", () => {
  it("routes the example's push to master to staging with the commit's paths", () => {
    expect(routePush(config, realPush(), facts)).toEqual({
      kind: "deploy",
      request: {
        deliveryId: "d-1",
        trigger: "push",
        repository: { id: 186853002, fullName: "Codertocat/Hello-World" },
        installationId: 1,
        ref: "refs/heads/master",
        sha: SHA,
        target: "staging",
        bundlesDir: "bundles",
        changes: { kind: "paths", paths: ["README.md"] },
        receivedAt: facts.receivedAt,
      },
    });
  });

  it("records the example's deleted tag as nothing to deploy", () => {
    const raw = example("push", (p) => p.deleted === true);
    expect(routePush(config, pushPayloadSchema.parse(raw), facts)).toMatchObject({
      kind: "skip",
      reason: "ref_deleted",
    });
  });

  it("compares when the example's tag was just created (no commit list to trust)", () => {
    const raw = example("push", (p) => p.created === true && String(p.ref).startsWith("refs/tags/"));
    const tagged = pushPayloadSchema.parse({ ...raw, ref: "refs/tags/v1.2.0" });
    expect(routePush(config, tagged, facts)).toMatchObject({
      kind: "deploy",
      request: { target: "prod", changes: { kind: "compare", base: null, reason: "created" } },
    });
  });
});

describe("routePush decisions", () => {
  it.each([
    [
      "an unknown repository",
      { repository: { id: 1, full_name: "evil/Hello-World", fork: false } },
      "repository_not_allowed",
    ],
    [
      "a fork, even one named in the list",
      { repository: { id: 2, full_name: "Codertocat/Hello-World", fork: true } },
      "fork",
    ],
    ["a pull request ref", { ref: "refs/pull/1/merge" }, "ref_not_branch_or_tag"],
    ["a branch without a route", { ref: "refs/heads/feature/x" }, "no_route"],
    ["a promotion-only target", { ref: "refs/tags/canary-1" }, "promotion_only"],
    [
      "a branch name with a shell command after the routed name",
      { ref: "refs/heads/master;rm -rf ~" },
      "ref_invalid",
    ],
    ["a branch name with a control character", { ref: "refs/heads/master\u0007" }, "ref_invalid"],
    ["a branch name with ..", { ref: "refs/heads/release/../master" }, "ref_invalid"],
    ["a route pattern that must not act as a regex", { ref: "refs/heads/masterX" }, "no_route"],
  ])("skips %s", (_, overrides, reason) => {
    expect(routePush(config, realPush(overrides), facts)).toMatchObject({ kind: "skip", reason });
  });

  it("matches repositories case-insensitively, as GitHub names them", () => {
    const push = realPush({
      repository: { id: 186853002, full_name: "codertocat/hello-world", fork: false },
    });
    expect(routePush(config, push, facts).kind).toBe("deploy");
  });

  it("carries unicode and shell characters in a routed branch name verbatim, as data", () => {
    for (const ref of ["refs/heads/release/ünïcødé-🚀", "refs/heads/release/$(whoami)`id`&|"]) {
      const decision = routePush(config, realPush({ ref }), facts);
      expect(decision).toMatchObject({ kind: "deploy", request: { ref, target: "staging" } });
    }
  });

  it("does not let * cross a slash", () => {
    expect(routePush(config, realPush({ ref: "refs/heads/release/a/b" }), facts)).toMatchObject({
      reason: "no_route",
    });
  });

  it("says so when routing is not configured", () => {
    expect(routePush(undefined, realPush(), facts)).toMatchObject({
      kind: "skip",
      reason: "routing_not_configured",
    });
  });
});

describe("changeSetOf", () => {
  it("unions added, modified and removed paths of every commit, sorted and unique", () => {
    const push = realPush({
      commits: [
        commit({ added: ["bundles/churn/a.py"], modified: ["README.md"] }),
        commit({ removed: ["bundles/churn/a.py", "bundles/other/databricks.yml"] }),
      ],
    });
    expect(changeSetOf(push)).toEqual({
      kind: "paths",
      paths: ["README.md", "bundles/churn/a.py", "bundles/other/databricks.yml"],
    });
  });

  it("compares from before when the push was forced", () => {
    expect(changeSetOf(realPush({ forced: true }))).toEqual({
      kind: "compare",
      base: BEFORE,
      reason: "forced",
    });
  });

  it("compares when the commit list may have been cut at GitHub's limit", () => {
    const commits = Array.from({ length: MAX_PAYLOAD_COMMITS }, () => commit({ modified: ["x"] }));
    expect(changeSetOf(realPush({ commits }))).toEqual({
      kind: "compare",
      base: BEFORE,
      reason: "truncated",
    });
    expect(changeSetOf(realPush({ commits: commits.slice(1) })).kind).toBe("paths");
  });
});
