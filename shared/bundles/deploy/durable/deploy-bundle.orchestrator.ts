import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity, scheduleActivity, whenAll } from "../../../durable/call-activity.js";
import type { ActionCounts } from "../../plan/render.js";
import { applyChanges, type AppliedChanges } from "./apply-changes.orchestrator.js";
import {
  AcquireBundleLock,
  DeleteBundleFiles,
  MakeBundleFolders,
  PlanBundleStep,
  RecordBundleFiles,
  ReleaseBundleLock,
  UploadBundleFiles,
  ValidateBundleStep,
  WriteBundleState,
  type DeployBundleRequest,
} from "./deploy-bundle.contracts.js";

/** Files per upload activity: small enough to retry cheaply, large enough to keep 10 uploads in flight. */
const BATCH = 50;
/** Upload activities in flight at once: bounds the fan-out (a 10,000-file bundle is 200 batches). */
const WAVE = 4;

export type DeployBundleResult =
  | { readonly kind: "invalid"; readonly errors: readonly string[] }
  | {
      readonly kind: "deployed";
      readonly planJson: string;
      readonly counts: ActionCounts;
      readonly uploaded: number;
      readonly deleted: number;
      readonly applied: AppliedChanges["applied"];
      readonly warnings: readonly string[];
    };

/**
 * `DeployBundleSteps`: validate → lock → plan → folders, upload batches (fanned out, WAVE at a time),
 * deletes, file record → one activity per resource change in dependency order → state → unlock in
 * `finally`. The same requests as the one-call engine (deploy.ts), split at its steps. Progress is in
 * the custom status.
 */
export function* deployBundleOrchestrator(
  ctx: OrchestrationContext,
): Generator<Task, DeployBundleResult, unknown> {
  const req = ctx.df.getInput<DeployBundleRequest>();
  const { target } = req;
  ctx.df.setCustomStatus({ step: "validate" });
  const valid = yield* callActivity(ctx, ValidateBundleStep, req);
  if (valid.kind === "invalid") return valid;
  const { layout } = valid;
  const lockId = ctx.df.newGuid(`${ctx.df.instanceId}:lock`);
  let locked = false;
  try {
    if (valid.lock) {
      ctx.df.setCustomStatus({ step: "lock" });
      const now = ctx.df.currentUtcDateTime.toISOString();
      const force = req.forceLock === true;
      yield* callActivity(ctx, AcquireBundleLock, {
        target,
        layout,
        lockId,
        user: valid.user.userName,
        now,
        force,
      });
      locked = true;
    }
    ctx.df.setCustomStatus({ step: "plan" });
    const plan = yield* callActivity(ctx, PlanBundleStep, {
      ...req,
      layout,
      files: valid.files,
      user: valid.user,
    });
    if (plan.mkdirs.length > 0) yield* callActivity(ctx, MakeBundleFolders, { target, dirs: plan.mkdirs });
    const batches: string[][] = [];
    for (let i = 0; i < plan.upload.length; i += BATCH) batches.push(plan.upload.slice(i, i + BATCH));
    let uploaded = 0;
    for (let w = 0; w < batches.length; w += WAVE) {
      ctx.df.setCustomStatus({ step: "sync", files: plan.upload.length, uploaded, batches: batches.length });
      const wave = batches.slice(w, w + WAVE).map((paths) =>
        scheduleActivity(ctx, UploadBundleFiles, {
          target,
          source: req.source,
          filesRoot: layout.files,
          paths,
        }),
      );
      for (const done of yield* whenAll(ctx, wave)) uploaded += done.uploaded;
    }
    if (plan.remove.length > 0)
      yield* callActivity(ctx, DeleteBundleFiles, { target, filesRoot: layout.files, remote: plan.remove });
    yield* callActivity(ctx, RecordBundleFiles, {
      target,
      layout,
      files: valid.files,
      ...(plan.previous === undefined ? {} : { previous: plan.previous }),
    });
    const { state, applied, failure } = yield* applyChanges(ctx, target, plan);
    if (failure === undefined || applied.length > 0) {
      ctx.df.setCustomStatus({ step: "state" });
      yield* callActivity(ctx, WriteBundleState, {
        target,
        layout,
        state,
        metadata: plan.metadata,
        ...(plan.stored === undefined ? {} : { stored: plan.stored }),
      });
    }
    if (failure !== undefined)
      throw failure instanceof Error ? failure : new Error("a bundle change failed", { cause: failure });
    const { planJson, counts } = plan;
    const deleted = plan.remove.length;
    return { kind: "deployed", planJson, counts, uploaded, deleted, applied, warnings: valid.warnings };
  } finally {
    if (locked) {
      ctx.df.setCustomStatus({ step: "unlock" });
      yield* callActivity(ctx, ReleaseBundleLock, { target, layout, lockId });
    }
  }
}
