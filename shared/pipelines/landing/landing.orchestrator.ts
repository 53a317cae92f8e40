import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import { orchestrationLogger } from "../../durable/orchestration-logger.js";
import {
  applyFile,
  initialState,
  nextDeadline,
  takeBatch,
  type DebounceState,
  type PartitionKey,
} from "./debounce.js";
import {
  FILE_LANDED_EVENT,
  StartLandingPipeline,
  type FileLanded,
  type LandingInput,
  type LandingOutput,
} from "./landing.contracts.js";

const sameKey = (a: PartitionKey, b: PartitionKey) =>
  a.trigger === b.trigger &&
  a.target === b.target &&
  a.account === b.account &&
  a.filesystem === b.filesystem &&
  a.partition === b.partition;

const version = (f: FileLanded) => ({
  path: f.path,
  eTag: f.eTag,
  contentLength: f.contentLength,
  sequencer: f.sequencer,
  isMarker: f.isMarker,
});

/**
 * One instance per partition (id from the partition key). Receives every file event of the partition as
 * `FileLanded`, and starts one pipeline per quiet window or marker with the partition's current files.
 * It stays up for the dedupe window after the last change so redelivered events are recognised, then
 * finishes. No continueAsNew: durable-functions 3.x drops events still buffered when it restarts, and
 * the history is bounded by the partition's file count (docs/adr, landing debounce).
 */
export function* landingDebounceOrchestrator(
  ctx: OrchestrationContext,
): Generator<Task, LandingOutput, unknown> {
  const input = ctx.df.getInput<LandingInput>();
  const log = orchestrationLogger(ctx, { trigger: input.key.trigger, partition: input.key.partition });
  const now = () => ctx.df.currentUtcDateTime.toISOString();
  let state: DebounceState = applyFile(initialState(now()), version(input.first), now()).state;
  const pipelines: string[] = [];
  const report = (deadline: string) =>
    ctx.df.setCustomStatus({
      step: "debouncing",
      files: state.files.length,
      pending: state.pending,
      batches: state.batches,
      deadline,
    });

  // One event waiter at a time, re-used while it is pending: the library hands each raised event to the
  // newest waiter it tracks, so a fresh waiter per loop would leave stale ones that swallow events raised
  // while StartLandingPipeline runs. Events arriving then complete this waiter (or are buffered).
  let landed: Task | undefined;
  for (;;) {
    const next = nextDeadline(state, input.settings);
    report(next.at);
    landed ??= ctx.df.waitForExternalEvent(FILE_LANDED_EVENT);
    if (!landed.isCompleted) {
      const timer = ctx.df.createTimer(new Date(next.at));
      const winner: unknown = yield ctx.df.Task.any([landed, timer]);
      if (winner === landed) timer.cancel();
    }
    if (landed.isCompleted) {
      const file = landed.result as FileLanded;
      landed = undefined;
      if (!sameKey(file, input.key)) log.warn("file of another partition ignored", { path: file.path });
      else state = applyFile(state, version(file), now()).state;
      continue;
    }
    if (next.action === "finish") break;
    const taken = takeBatch(state);
    state = taken.state;
    if (taken.batch.files.length === 0) continue; // a marker alone carries no data to train on
    const started = yield* callActivity(ctx, StartLandingPipeline, {
      key: input.key,
      batch: taken.batch,
      landingInstanceId: ctx.df.instanceId,
    });
    log.info("batch handed to a pipeline", { pipeline: started.instanceId, kind: started.kind });
    if (!pipelines.includes(started.instanceId)) pipelines.push(started.instanceId);
  }
  ctx.df.setCustomStatus({ step: "done", files: state.files.length, batches: state.batches });
  return { batches: state.batches, files: state.files.length, pipelines };
}
