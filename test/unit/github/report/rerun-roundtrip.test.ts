import { describe, expect, it } from "vitest";
import { checkRunPayloadSchema } from "../../../../shared/github/payloads.js";
import { createDeployReporter } from "../../../../shared/github/report/reporter.js";
import { routeRerun } from "../../../../shared/github/rerun-route.js";
import { routingConfigSchema } from "../../../../shared/github/routing-config.js";
import { createLogger } from "../../../../shared/runtime/logger.js";
import { example } from "../fixtures.js";
import { FakeGitHubApi } from "./fake-github-api.js";

/**
 * The check run the reporter writes, clicked on GitHub: GitHub's requested_action delivery carries the
 * run's name, head SHA and the button's identifier, and the webhook's rerun route must turn exactly those
 * back into a deploy of the same bundle and target (issue #6, part 3).
 */
describe("Re-run button round trip", () => {
  it("a requested_action on our failed check run re-deploys its bundle to its target at its SHA", async () => {
    const api = new FakeGitHubApi();
    const reporter = createDeployReporter({ api, log: createLogger({ sink: () => undefined }) });
    const sha = "9".repeat(40);
    await reporter.report({
      repository: "Codertocat/Hello-World",
      sha,
      target: "staging",
      bundle: "churn",
      phase: "failure",
      message: "invalid",
      correlationId: "gh-1:deploy:churn:staging",
    });
    const run = api.runs[0];
    const button = run?.fields.actions?.[0];
    expect(button?.identifier.length).toBeLessThanOrEqual(20);
    const raw = example("check_run", (p) => p.action === "requested_action");
    const payload = checkRunPayloadSchema.parse({
      ...raw,
      repository: { ...(raw.repository as object), full_name: "Codertocat/Hello-World", fork: false },
      check_run: {
        ...(raw.check_run as object),
        name: run?.name,
        head_sha: run?.head_sha,
        external_id: run?.external_id,
      },
      requested_action: { identifier: button?.identifier },
    });
    const config = routingConfigSchema.parse({
      repositories: ["Codertocat/Hello-World"],
      routes: [{ branch: "master", target: "staging" }],
    });
    const decision = routeRerun(config, payload, {
      deliveryId: "d-2",
      receivedAt: "2026-11-26T00:00:00.000Z",
    });
    expect(decision).toMatchObject({
      kind: "deploy",
      request: { trigger: "rerun", target: "staging", sha, changes: { kind: "bundles", names: ["churn"] } },
    });
  });
});
