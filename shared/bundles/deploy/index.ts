/** Public surface of the deploy side of the bundle engine (issue #4 items 6–7). */
export {
  deployBundle,
  type DeployClient,
  type DeployDeps,
  type DeployInput,
  type DeployResult,
  type DeployStep,
} from "./deploy.js";
export { destroyBundle, type DestroyResult } from "./destroy.js";
export { prepareDeploy, MAX_WORKSPACE_FILE_BYTES, type Prepared } from "./prepare.js";
export { summarize, renderSummaryText } from "./summary.js";
export { planDeploy, readRemoteState, refreshState } from "./remote-state.js";
export { planLive, livePlanFromSaved, type LivePlan } from "./live-plan.js";
export { permissionsApi, type PermissionsApi } from "./permissions.js";
export { resourceHandlers } from "./resources.js";
export { remoteFs, type RemoteFs } from "./remote.js";
export { layoutOf, identityOf, stateFiles, type Layout } from "./layout.js";
export { acquireLock, releaseLock, type LockState } from "./lock.js";
export { BundleDeployError } from "./errors.js";
export { nodeTree } from "./node-tree.js";
export { collectFiles, type LocalTree, type LocalFile, type TreeEntry } from "./fileset.js";
export { fileSnapshotStore, memorySnapshotStore } from "./snapshot-stores.js";
export type { SnapshotStore, SyncSnapshot } from "./snapshot.js";
