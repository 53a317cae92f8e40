import type { HostLogger } from "./log.js";
import { parseSchedule, type Schedule } from "./ncrontab.js";
import { triggerBinding, type Registry } from "./registry.js";

/** Time source for timers, injectable so tests do not wait on the wall clock. */
export interface Clock {
  now(): Date;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.min(ms, 2 ** 31 - 1)),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface TimerSpec {
  name: string;
  schedule: Schedule;
  runOnStartup: boolean;
}

const neverRan = "0001-01-01T00:00:00.000Z";
/** Fired this late or later counts as past due (the host reports missed occurrences the same way). */
const pastDueMs = 5000;

/** Reads timer functions from the registry; `%Name%` schedules resolve from app settings like the host. */
export function timerSpecs(registry: Registry, env: NodeJS.ProcessEnv = process.env): TimerSpec[] {
  return registry.functionsOfType("timerTrigger").map((name) => {
    const fn = registry.functions.get(name)!;
    const binding = triggerBinding(fn);
    let expression = typeof binding.schedule === "string" ? binding.schedule : "";
    const setting = /^%(.+)%$/.exec(expression);
    if (setting?.[1]) expression = env[setting[1]] ?? "";
    return { name, schedule: parseSchedule(expression), runOnStartup: binding.runOnStartup === true };
  });
}

/** The TimerInfo the host passes (PascalCase; @azure/functions camel-cases it for the handler). */
export function timerInfo(last: string, next: Date | undefined, now: Date, isPastDue: boolean): unknown {
  return {
    Schedule: { AdjustForDST: true },
    ScheduleStatus: { Last: last, Next: next?.toISOString() ?? null, LastUpdated: now.toISOString() },
    IsPastDue: isPastDue,
  };
}

const later = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);

export type Fire = (functionName: string, value: unknown) => Promise<unknown>;

/** Runs each timer on its schedule; one invocation per timer at a time, the next computed after it ends. */
export function startTimers(specs: TimerSpec[], fire: Fire, log: HostLogger, clock: Clock = systemClock): { stop(): Promise<void> } {
  let stopped = false;
  const handles = new Map<string, unknown>();
  const running = new Set<Promise<void>>();

  const invoke = async (spec: TimerSpec, last: string, scheduled: Date): Promise<void> => {
    const now = clock.now();
    const next = spec.schedule.next(later(now, scheduled));
    try {
      await fire(spec.name, timerInfo(last, next, now, now.getTime() - scheduled.getTime() > pastDueMs));
    } catch (err) {
      log("error", `Timer function '${spec.name}' failed: ${(err as Error)?.message ?? String(err)}`);
    }
  };

  const track = (p: Promise<void>): Promise<void> => {
    running.add(p);
    return p.finally(() => running.delete(p));
  };

  // Timers may fire a millisecond early: never compute the next occurrence from before the last one.
  const arm = (spec: TimerSpec, last: string, after: Date): void => {
    if (stopped) return;
    const due = spec.schedule.next(later(clock.now(), after));
    if (!due) {
      log("warning", `Timer function '${spec.name}' has no future occurrence`);
      return;
    }
    const handle = clock.setTimeout(() => {
      void track(invoke(spec, last, due)).then(() => arm(spec, due.toISOString(), due));
    }, Math.max(0, due.getTime() - clock.now().getTime()));
    handles.set(spec.name, handle);
  };

  for (const spec of specs) {
    if (spec.runOnStartup) {
      const now = clock.now();
      void track(invoke(spec, neverRan, now)).then(() => arm(spec, now.toISOString(), now));
    } else arm(spec, neverRan, clock.now());
  }

  return {
    async stop() {
      stopped = true;
      for (const h of handles.values()) clock.clearTimeout(h);
      await Promise.allSettled([...running]);
    },
  };
}
