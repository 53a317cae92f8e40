import { describe, expect, it } from "vitest";
import * as steps from "../../../../shared/bundles/deploy/durable/deploy-bundle.contracts.js";
import * as commit from "../../../../shared/pipelines/deploy-on-push/deploy-commit.contracts.js";
import * as deploy from "../../../../shared/pipelines/deploy-on-push/deploy.contracts.js";
import { deployOnPushRegistrations } from "../../../../shared/pipelines/deploy-on-push/registration.js";
import * as report from "../../../../shared/pipelines/deploy-on-push/report.contracts.js";

const isContract = (v: unknown): v is { name: string } =>
  typeof v === "object" && v !== null && "name" in v && "retry" in v;
const contracts = [commit, deploy, report, steps].flatMap((m) => Object.values(m).filter(isContract));

describe("push → deploy registrations", () => {
  const registrations = deployOnPushRegistrations(
    () => {
      throw new Error("services are built per invocation, never at registration");
    },
    () => {
      throw new Error("the durable client is read per invocation");
    },
  );

  it("registers the orchestrations under their durable names", () => {
    expect(registrations.orchestrations.map((o) => o.name)).toEqual([
      "DeployOnPush",
      "DeployCommit",
      "DeployBundleSteps",
    ]);
  });

  it("registers every activity contract of the feature once; the lease ones get the durable client", () => {
    const names = registrations.activities.map((a) => a.name);
    expect([...names].sort()).toEqual(contracts.map((c) => c.name).sort());
    expect(new Set(names).size).toBe(names.length);
    expect(registrations.activities.filter((a) => a.needsClient).map((a) => a.name)).toEqual([
      "EnqueueDeploy",
      "RenewDeployLease",
      "ReleaseDeployLease",
    ]);
  });
});
