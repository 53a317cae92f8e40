import { describe, expect, it } from "vitest";
import { checkRunPayloadSchema } from "../../../shared/github/payloads.js";
import { parseDeployCheckName, routeRerun } from "../../../shared/github/rerun-route.js";
import { routingConfigSchema } from "../../../shared/github/routing-config.js";
import { example } from "./fixtures.js";

const config = routingConfigSchema.parse({
  repositories: ["Codertocat/Hello-World"],
  routes: [
    { branch: "master", target: "staging" },
    { tag: "v*", target: "prod" },
  ],
  promotionOnly: ["prod"],
});
const facts = { deliveryId: "d-9", receivedAt: "2026-01-01T00:00:00.000Z" };

// Real check_run payloads, renamed into one of our deploy checks and moved into the allowed repository.
function checkRun(action: "rerequested" | "requested_action", name: string, identifier = "rerun") {
  const raw = example("check_run", (p) => p.action === action);
  const repo = { ...(raw.repository as object), full_name: "Codertocat/Hello-World", fork: false };
  const run = { ...(raw.check_run as object), name };
  return checkRunPayloadSchema.parse({
    ...raw,
    repository: repo,
    check_run: run,
    ...(action === "requested_action" ? { requested_action: { identifier } } : {}),
  });
}

describe("routeRerun", () => {
  it("re-runs the bundle and target a rerequested deploy check names, at its head SHA", () => {
    const decision = routeRerun(config, checkRun("rerequested", "deploy/staging/churn"), facts);
    expect(decision).toMatchObject({
      kind: "deploy",
      request: {
        trigger: "rerun",
        target: "staging",
        sha: "d6fde92930d4715a2b49857d24b940956b26d2d3",
        changes: { kind: "bundles", names: ["churn"] },
      },
    });
  });

  it("re-runs on our Re-run button and ignores other buttons", () => {
    expect(routeRerun(config, checkRun("requested_action", "deploy/staging/churn"), facts).kind).toBe(
      "deploy",
    );
    expect(
      routeRerun(config, checkRun("requested_action", "deploy/staging/churn", "lgtm"), facts),
    ).toMatchObject({
      reason: "action_not_rerun",
    });
  });

  it.each([
    ["a check run that is not ours", "Octocoders-linter", "not_a_deploy_check"],
    ["a target no route deploys to", "deploy/qa/churn", "no_route"],
    ["a promotion-only target", "deploy/prod/churn", "promotion_only"],
  ])("skips %s", (_, name, reason) => {
    expect(routeRerun(config, checkRun("rerequested", name), facts)).toMatchObject({ kind: "skip", reason });
  });
});

describe("parseDeployCheckName", () => {
  it("accepts deploy/<target>/<bundle> only", () => {
    expect(parseDeployCheckName("deploy/staging/churn")).toEqual({ target: "staging", bundle: "churn" });
    for (const bad of [
      "deploy/staging",
      "deploy/staging/churn/x",
      "deploy/../churn",
      "deploy/st aging/churn",
    ]) {
      expect(parseDeployCheckName(bad)).toBeUndefined();
    }
  });
});
