import * as C from "../../bundles/deploy/durable/deploy-bundle.contracts.js";
import type { createDeployBundleActivities } from "../../bundles/deploy/durable/deploy-bundle.activities.js";
import { implement, type ActivityHandler } from "../../durable/implement.js";

type Steps = ReturnType<typeof createDeployBundleActivities>;

/**
 * The step activities of `DeployBundleSteps` (ADR 0022), each resolving the services per invocation.
 * None reads the durable client.
 */
export function bundleStepActivities(
  steps: () => Steps,
): { name: string; handler: ActivityHandler<unknown> }[] {
  return [
    { name: C.ValidateBundleStep.name, handler: implement(C.ValidateBundleStep, (i) => steps().validate(i)) },
    { name: C.AcquireBundleLock.name, handler: implement(C.AcquireBundleLock, (i) => steps().lock(i)) },
    { name: C.PlanBundleStep.name, handler: implement(C.PlanBundleStep, (i) => steps().plan(i)) },
    {
      name: C.MakeBundleFolders.name,
      handler: implement(C.MakeBundleFolders, (i) => steps().makeFolders(i)),
    },
    { name: C.UploadBundleFiles.name, handler: implement(C.UploadBundleFiles, (i) => steps().upload(i)) },
    { name: C.DeleteBundleFiles.name, handler: implement(C.DeleteBundleFiles, (i) => steps().remove(i)) },
    {
      name: C.RecordBundleFiles.name,
      handler: implement(C.RecordBundleFiles, (i) => steps().recordFiles(i)),
    },
    { name: C.ApplyBundleChange.name, handler: implement(C.ApplyBundleChange, (i) => steps().apply(i)) },
    { name: C.WriteBundleState.name, handler: implement(C.WriteBundleState, (i) => steps().writeState(i)) },
    { name: C.ReleaseBundleLock.name, handler: implement(C.ReleaseBundleLock, (i) => steps().release(i)) },
  ];
}
