import type { DurableOrchestrationContext } from "durable-functions";
import {
  createLogger,
  invocationSink,
  type InvocationLog,
  type LogFields,
  type LogLevel,
  type Logger,
} from "../runtime/logger.js";

/** The part of an orchestration context the logger needs. */
export type OrchestrationLogTarget = InvocationLog & {
  readonly df: Pick<DurableOrchestrationContext, "isReplaying" | "instanceId">;
};

/**
 * A logger for orchestrators. Silent while `ctx.df.isReplaying` (checked per line, because replay ends
 * mid-run), so each line appears once however often the generator replays. Lines go through the
 * InvocationContext and carry `instanceId`. The level defaults to debug: host.json filters further.
 */
export function orchestrationLogger(
  ctx: OrchestrationLogTarget,
  fields: LogFields = {},
  level: LogLevel = "debug",
): Logger {
  return createLogger({
    sink: invocationSink(ctx),
    level,
    fields: { instanceId: ctx.df.instanceId, ...fields },
    enabled: () => !ctx.df.isReplaying,
  });
}
