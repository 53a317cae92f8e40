import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity, scheduleActivity, whenAll } from "../../../durable/call-activity.js";
import { RetryPolicies } from "../../../durable/retry-policies.js";
import type { Plain } from "../../dyn.js";
import { resolveRefs, type Lookup } from "../../plan/refs.js";
import { readField } from "../../plan/paths.js";
import {
  AcquireBundleLock,
  ApplyBundleChange,
  DeleteBundleFiles,
  PlanBundleStep,
  ReleaseBundleLock,
  UploadBundleFiles,
  ValidateBundleStep,
  WriteBundleState,
  type AppliedChange,
  type DeployBundleRequest,
  type StateEntries,
} from "./deploy-bundle.contracts.js";

/** Files per upload activity: small enough to retry cheaply, large enough to keep 10 uploads in flight. */
const BATCH = 50;

export type DeployBundleResult =
  | { readonly kind: "invalid"; readonly errors: readonly string[] }
  | {
      readonly kind: "deployed";
      readonly planJson: string;
      readonly uploaded: number;
      readonly deleted: number;
      readonly applied: readonly AppliedChange[];
    };

/**
 * `DeployBundleSteps`: validate → lock → plan → upload batches (fanned out) and deletes → one activity per
 * resource change in dependency order (references to resources created here resolved from the ids the
 * activities return) → state → unlock in `finally`. Progress is in the custom status.
 */
export function* deployBundleOrchestrator(
  ctx: OrchestrationContext,
): Generator<Task, DeployBundleResult, unknown> {
  const req = ctx.df.getInput<DeployBundleRequest>();
  ctx.df.setCustomStatus({ step: "validate" });
  const valid = yield* callActivity(ctx, ValidateBundleStep, req);
  if (valid.kind === "invalid") return valid;
  const { layout } = valid;
  const lockId = ctx.df.newGuid(`${ctx.df.instanceId}:lock`);
  let locked = false;
  try {
    if (valid.lock) {
      ctx.df.setCustomStatus({ step: "lock" });
      yield* callActivity(ctx, AcquireBundleLock, {
        layout,
        lockId,
        user: valid.user,
        now: ctx.df.currentUtcDateTime.toISOString(),
        force: req.forceLock === true,
      });
      locked = true;
    }
    ctx.df.setCustomStatus({ step: "plan" });
    const plan = yield* callActivity(ctx, PlanBundleStep, { ...req, layout, files: valid.files });
    const batches: string[][] = [];
    for (let i = 0; i < plan.upload.length; i += BATCH) batches.push(plan.upload.slice(i, i + BATCH));
    ctx.df.setCustomStatus({ step: "sync", files: plan.upload.length, batches: batches.length });
    const uploads = yield* whenAll(
      ctx,
      batches.map((paths) =>
        scheduleActivity(ctx, UploadBundleFiles, { source: req.source, filesRoot: layout.files, paths }),
      ),
    );
    if (plan.remove.length > 0)
      yield* callActivity(ctx, DeleteBundleFiles, { filesRoot: layout.files, remote: plan.remove });
    const state: Record<string, StateEntries[string]> = { ...plan.kept };
    const lookup: Lookup = (ref) =>
      ref.field === "id" ? state[ref.node]?.__id__ : readField(state[ref.node]?.state as Plain, ref.field);
    const applied: AppliedChange[] = [];
    let failure: unknown;
    try {
      for (const [i, change] of plan.changes.entries()) {
        ctx.df.setCustomStatus({ step: "apply", resource: change.node, done: i, of: plan.changes.length });
        const value =
          change.value === undefined ? undefined : resolveRefs(change.value as Plain, lookup).value;
        const retry =
          change.action === "create" || change.action === "recreate" ? undefined : RetryPolicies.databricks;
        const result = yield* callActivity(
          ctx,
          ApplyBundleChange,
          { ...change, ...(value === undefined ? {} : { value }) },
          retry,
        );
        applied.push(result);
        if (result.action === "delete") delete state[result.node];
        else
          state[result.node] = {
            __id__: result.id ?? "",
            state: result.state,
            ...(change.dependsOn === undefined ? {} : { depends_on: change.dependsOn }),
          };
      }
    } catch (err) {
      failure = err;
    }
    // A failed change still records the ones before it, so nothing created is orphaned (ADR 0016).
    if (failure === undefined || applied.length > 0) {
      ctx.df.setCustomStatus({ step: "state" });
      yield* callActivity(ctx, WriteBundleState, { ...req, layout, files: valid.files, state });
    }
    if (failure !== undefined)
      throw failure instanceof Error ? failure : new Error("a bundle change failed", { cause: failure });
    return {
      kind: "deployed",
      planJson: plan.planJson,
      uploaded: uploads.reduce((n, u) => n + u.uploaded, 0),
      deleted: plan.remove.length,
      applied,
    };
  } finally {
    if (locked) {
      ctx.df.setCustomStatus({ step: "unlock" });
      yield* callActivity(ctx, ReleaseBundleLock, { layout, lockId });
    }
  }
}
