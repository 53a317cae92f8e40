import type { Diagnostic } from "../diagnostics.js";
import type { Plain } from "../dyn.js";
import { topoOrder } from "../plan/order.js";
import type { DeployedState } from "../plan/types.js";
import { resourcesJson } from "./state-files.js";
import type { DeployDeps, DeployInput } from "./deploy.js";
import { describeFailure } from "./errors.js";
import { identityOf, lockEnabled, stateFiles, type Layout } from "./layout.js";
import { acquireLock, releaseLock } from "./lock.js";
import { prepareDeploy } from "./prepare.js";
import { readRemoteState } from "./remote-state.js";
import { remoteFs } from "./remote.js";
import { resourceHandlers } from "./resources.js";

export type DestroyResult =
  | {
      readonly kind: "invalid";
      readonly config: Plain | undefined;
      readonly diagnostics: readonly Diagnostic[];
    }
  | {
      readonly kind: "destroyed" | "failed";
      readonly layout: Layout;
      readonly deleted: readonly string[];
      readonly error?: Error;
    };

/**
 * `bundle destroy`: under the lock, delete every resource in the state (dependents first), then the
 * whole root folder — files, artifacts, state and the lock file with it, as the CLI does.
 */
export async function destroyBundle(
  deps: DeployDeps,
  input: DeployInput,
  onPlan?: (nodes: readonly string[], layout: Layout) => void,
): Promise<DestroyResult> {
  const prepared = await prepareDeploy(deps.client, input);
  if (prepared.kind === "invalid") return prepared;
  const fs = remoteFs(deps.client);
  const layout = prepared.layout;
  const lockPath = stateFiles(layout).lock;
  const lockId = deps.newId();
  const locking = lockEnabled(prepared.config);
  const deleted: string[] = [];
  let stored: DeployedState | undefined;
  try {
    if (locking)
      await acquireLock(fs, {
        path: lockPath,
        id: lockId,
        user: prepared.user.userName,
        now: deps.now(),
        force: input.forceLock === true,
      });
    stored = await readRemoteState(fs, layout);
    const state = stored?.state ?? {};
    const graph = new Map(Object.entries(state).map(([node, e]) => [node, e.depends_on ?? []]));
    const order = topoOrder(graph)
      .reverse()
      .filter((n) => n.split(".").length === 3);
    onPlan?.(order, layout);
    const handlers = resourceHandlers(deps.client);
    for (const node of order) {
      const entry = state[node];
      const handler = handlers[node.split(".")[1] ?? ""];
      if (entry === undefined || handler === undefined) continue;
      try {
        if (await handler.exists(entry.__id__)) await handler.delete(entry.__id__);
      } catch (err) {
        throw new Error(`cannot delete ${node}: ${describeFailure(err)}`, { cause: err });
      }
      deleted.push(node);
    }
    await fs.delete(layout.root, true);
    await deps.snapshots(layout, identityOf(prepared.config).target).clear();
    return { kind: "destroyed", layout, deleted };
  } catch (err) {
    // Resources already deleted leave the state, so the next deploy or destroy starts from the truth.
    if (stored !== undefined && deleted.length > 0) {
      const left = Object.fromEntries(
        Object.entries(stored.state).filter(([n]) => !deleted.includes(n.split(".").slice(0, 3).join("."))),
      );
      await fs
        .write(
          stateFiles(layout).resources,
          resourcesJson(stored, left, { lineage: stored.lineage, cliVersion: deps.cliVersion }).text,
          true,
        )
        .catch(() => undefined);
    }
    return { kind: "failed", layout, deleted, error: err instanceof Error ? err : new Error(String(err)) };
  } finally {
    if (locking) await releaseLock(fs, lockPath, lockId).catch(() => undefined);
  }
}
