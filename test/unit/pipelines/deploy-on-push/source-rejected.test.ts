import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../../shared/errors/taxonomy.js";
import type { DeployRequest } from "../../../../shared/github/deploy-request.js";
import { PrepareSource } from "../../../../shared/pipelines/deploy-on-push/deploy.contracts.js";
import { deployOnPushOrchestrator } from "../../../../shared/pipelines/deploy-on-push/deploy.orchestrator.js";
import {
  ReportDeploy,
  type ReportDeployInput,
} from "../../../../shared/pipelines/deploy-on-push/report.contracts.js";
import { bundlesNamedBy } from "../../../../shared/pipelines/deploy-on-push/source-rejected.js";
import { fake, runOrchestration } from "../../../harness/orchestration.js";

const SHA = "a".repeat(40);
const request = (changes: DeployRequest["changes"]): DeployRequest => ({
  deliveryId: "d-1",
  trigger: "push",
  repository: { id: 42, fullName: "acme/ml" },
  installationId: 9,
  ref: "refs/heads/main",
  sha: SHA,
  target: "staging",
  bundlesDir: "bundles",
  changes,
  receivedAt: "2026-01-01T00:00:00.000Z",
});

async function run(changes: DeployRequest["changes"], refusal: Error) {
  const reports: ReportDeployInput[] = [];
  const result = await runOrchestration(deployOnPushOrchestrator, {
    input: request(changes),
    activities: {
      ...fake(PrepareSource, () => {
        throw refusal;
      }),
      ...fake(ReportDeploy, (i) => {
        reports.push(i);
        return { reported: true };
      }),
    },
  });
  return { result, reports };
}

describe("a push whose source is refused (unsafe tarball, too large, unavailable)", () => {
  it("ends as source_rejected with a failed check per bundle the push names, deploying nothing", async () => {
    const unsafe = new ValidationError("Unsafe entry in source tarball: parent_segment", {
      code: "UNSAFE_TARBALL",
    });
    const paths = ["bundles/churn/databricks.yml", "bundles/fraud/src/a.py", "README.md", "bundles/x"];
    const { result, reports } = await run({ kind: "paths", paths }, unsafe);
    expect(result.status).toBe("completed");
    expect(result.output).toEqual({
      kind: "source_rejected",
      sha: SHA,
      target: "staging",
      code: "UNSAFE_TARBALL",
      message: "Unsafe entry in source tarball: parent_segment",
    });
    expect(reports.map((r) => [r.bundle, r.phase])).toEqual([
      ["churn", "failure"],
      ["fraud", "failure"],
    ]);
    expect(reports[0]?.message).toContain("parent_segment");
    expect(result.steps.flatMap((s) => (s.kind === "activity" ? [s.name] : []))).toEqual([
      "PrepareSource",
      "ReportDeploy",
      "ReportDeploy",
    ]);
  });

  it("reports one (source) check when the payload names no bundle (forced or truncated push)", async () => {
    const big = new ValidationError("Source tarball too large", { code: "TARBALL_TOO_LARGE" });
    const { result, reports } = await run({ kind: "compare", base: null, reason: "forced" }, big);
    expect(result.output).toMatchObject({ kind: "source_rejected", code: "TARBALL_TOO_LARGE" });
    expect(reports.map((r) => r.bundle)).toEqual(["(source)"]);
  });

  it("still fails the orchestration for anything that is not a refusal of the source", async () => {
    const other = new ValidationError("Invalid delivery", { code: "INVALID_REQUEST" });
    const { result, reports } = await run({ kind: "bundles", names: ["churn"] }, other);
    expect(result.status).toBe("failed");
    expect(reports).toEqual([]);
  });

  it("names bundles from the push's paths or a re-run's list only", () => {
    expect(bundlesNamedBy(request({ kind: "bundles", names: ["b", "a"] }))).toEqual(["a", "b"]);
    expect(
      bundlesNamedBy(request({ kind: "paths", paths: ["bundles/", "bundlesx/a/b", "bundles//c"] })),
    ).toEqual([]);
    expect(bundlesNamedBy(request({ kind: "compare", base: "b", reason: "truncated" }))).toEqual([]);
  });
});
