import type { OrchestrationContext, OrchestrationHandler, Task } from "durable-functions";
import { unwrap } from "../../../../shared/durable/call-activity.js";

/** Name under which a fake sub-orchestration is given to the harness's `activities`. */
export const subOrchestration = (name: string) => `sub:${name}`;

/**
 * Runs an orchestrator in the harness, which models activities but not sub-orchestrations: each
 * `callSubOrchestrator(name, input, id)` becomes the fake activity `sub:<name>` with `{ input, instanceId }`,
 * and its result envelope is opened before the orchestrator sees it, as the engine hands back a child's
 * plain output. A failing fake fails the yield like a failed child. Replay checking still applies.
 */
export function withSubOrchestrations(orchestrator: OrchestrationHandler): OrchestrationHandler {
  return function* (ctx: OrchestrationContext): Generator<Task, unknown, unknown> {
    const children = new WeakSet<Task>();
    const df = ctx.df as unknown as Record<string, unknown>;
    df.callSubOrchestrator = (name: string, input: unknown, instanceId: string) => {
      const task = ctx.df.callActivity(subOrchestration(name), { input, instanceId });
      children.add(task);
      return task;
    };
    const inner = orchestrator(ctx) as Generator<Task, unknown, unknown>;
    let next = inner.next();
    while (!next.done) {
      const task = next.value;
      let sent: unknown;
      try {
        sent = yield task;
      } catch (err) {
        next = inner.throw(err);
        continue;
      }
      if (!children.has(task)) {
        next = inner.next(sent);
        continue;
      }
      let opened: unknown;
      try {
        opened = unwrap("sub-orchestration", sent);
      } catch (err) {
        next = inner.throw(err);
        continue;
      }
      next = inner.next(opened);
    }
    return next.value;
  };
}
