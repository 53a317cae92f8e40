import type { Episode } from "./episode.js";
import { HarnessError, throughJson, type FakeTask } from "./fake-tasks.js";

/** Completes `task` on the virtual clock and returns what `yield` gives back, or throws its error. */
export async function resolve(episode: Episode, task: FakeTask): Promise<unknown> {
  if (task.isCompleted) return settledValue(task);
  const { spec } = task;
  try {
    if (spec.kind === "activity") task.complete(await episode.runActivity(spec.name, spec.input, spec.retry));
    else if (spec.kind === "subOrchestration")
      task.complete(await episode.runSubOrchestration(spec.name, spec.instanceId, spec.input));
    else if (spec.kind === "timer") fire(episode, task);
    else if (spec.kind === "event") receive(episode, task, spec.name);
    else if (spec.kind === "all") {
      const results: unknown[] = [];
      for (const child of spec.children) results.push(await resolve(episode, child));
      task.complete(results);
    } else {
      const winner = firstToComplete(episode, spec.children);
      await resolve(episode, winner).catch((err: unknown) => {
        if (err instanceof HarnessError) throw err; // a faulted winner still wins Task.any
      });
      task.complete(winner);
    }
  } catch (err) {
    if (!(err instanceof HarnessError) && err instanceof Error) task.fail(err);
    throw err;
  }
  return settledValue(task);
}

function settledValue(task: FakeTask): unknown {
  if (task.isFaulted) throw task.result;
  return task.result;
}

function fire(episode: Episode, timer: FakeTask): void {
  if (timer.isCanceled) throw new HarnessError("The orchestrator yielded a canceled timer");
  episode.now = Math.max(episode.now, episode.completesAt(timer));
  timer.complete(undefined);
}

function receive(episode: Episode, task: FakeTask, name: string): void {
  const at = episode.completesAt(task);
  const event = episode.takeEvent(name);
  if (event === undefined) throw new HarnessError(`The orchestration waits forever for event "${name}"`);
  episode.now = Math.max(episode.now, at);
  task.complete(throughJson(event.data));
}

function firstToComplete(episode: Episode, children: readonly FakeTask[]): FakeTask {
  const times = children.map((c) => episode.completesAt(c));
  const best = Math.min(...times);
  const winner = children[times.indexOf(best)];
  if (winner === undefined || best === Infinity) throw new HarnessError("Task.any can never complete");
  return winner;
}

export function fireAt(timer: FakeTask): string {
  return timer.spec.kind === "timer" ? timer.spec.fireAt.toISOString() : "";
}
