import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import { orchestrationLogger } from "../../durable/orchestration-logger.js";
import { applyArrivals, arrivalDeadline, liveUntil, startArrivals, type ArrivalState } from "./arrival.js";
import { takeBatch, type PartitionKey } from "./debounce.js";
import {
  FILES_LANDED_EVENT,
  StartLandingPipeline,
  type FilesLanded,
  type LandedFileV2,
  type LandingInputV2,
  type LandingOutput,
  type LandingStatusV2,
} from "./landing.contracts.js";

const sameKey = (a: PartitionKey, b: PartitionKey) =>
  a.trigger === b.trigger &&
  a.target === b.target &&
  a.account === b.account &&
  a.filesystem === b.filesystem &&
  a.partition === b.partition;

/**
 * `landingDebounceV2`: one instance per partition, fed `FilesLanded` events (files stamped with their
 * arrival by the ingress). It starts one pipeline per quiet window or settled marker with the partition's
 * current files, then stays up a dedupe window after the last event and finishes.
 *
 * Before acting on a due deadline it takes one more turn (a timer due now, raced against the next event):
 * durable-functions resumes the code on the first completed task of an episode, so events delivered in the
 * same episode as the deadline timer would otherwise be seen only after the batch was handed over.
 */
export function* landingDebounceV2Orchestrator(
  ctx: OrchestrationContext,
): Generator<Task, LandingOutput, unknown> {
  const input = ctx.df.getInput<LandingInputV2>();
  const log = orchestrationLogger(ctx, { trigger: input.key.trigger, partition: input.key.partition });
  const now = () => ctx.df.currentUtcDateTime.toISOString();
  const accept = (s: ArrivalState, files: readonly LandedFileV2[]) => {
    const mine = files.filter((f) => sameKey(f, input.key));
    if (mine.length < files.length)
      log.warn("files of another partition ignored", { count: files.length - mine.length });
    return applyArrivals(s, mine);
  };
  let state = accept(startArrivals(input.first, now()), input.first);
  const pipelines: string[] = [];
  const report = (step: LandingStatusV2["step"]) => {
    const status: LandingStatusV2 = {
      step,
      files: state.debounce.files.length,
      pending: state.debounce.pending,
      batches: state.debounce.batches,
      liveUntil: liveUntil(state, input.settings),
    };
    ctx.df.setCustomStatus(status);
  };

  // One event waiter at a time, re-used while pending (see landing.orchestrator.ts for why).
  let landed: Task | undefined;
  for (;;) {
    const next = arrivalDeadline(state, input.settings);
    report("debouncing");
    landed ??= ctx.df.waitForExternalEvent(FILES_LANDED_EVENT);
    const due = next.at <= now();
    if (!landed.isCompleted) {
      const timer = ctx.df.createTimer(new Date(due ? now() : next.at));
      const winner: unknown = yield ctx.df.Task.any([landed, timer]);
      if (winner === landed) timer.cancel();
    }
    if (landed.isCompleted) {
      const event = landed.result as FilesLanded;
      landed = undefined;
      state = accept(state, event.files);
      continue;
    }
    if (!due) continue; // the deadline timer fired: take the confirming turn before acting
    if (next.action === "finish") break;
    const taken = takeBatch(state.debounce);
    state = { ...state, debounce: taken.state };
    if (taken.batch.files.length === 0) continue; // a marker alone carries no data to train on
    const started = yield* callActivity(ctx, StartLandingPipeline, {
      key: input.key,
      batch: taken.batch,
      landingInstanceId: ctx.df.instanceId,
    });
    log.info("batch handed to a pipeline", { pipeline: started.instanceId, kind: started.kind });
    if (!pipelines.includes(started.instanceId)) pipelines.push(started.instanceId);
  }
  report("done");
  return { batches: state.debounce.batches, files: state.debounce.files.length, pipelines };
}
