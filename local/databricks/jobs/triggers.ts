import type { Clock } from "../../../shared/databricks/clock.js";
import { parseCron } from "./cron.js";
import type { JobDoc, Settings } from "./model.js";
import { nextFire } from "./zoned-time.js";

const unitMs: Record<string, number> = {
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
  WEEKS: 7 * 86_400_000,
};

/**
 * When a job starts by itself next: its UNPAUSED `schedule` (Quartz cron in `timezone_id`) or UNPAUSED
 * `trigger.periodic` (counted from now: the last firing, creation or update). A PAUSED one never fires.
 * Settings were validated on the way in (validate.ts).
 */
export function nextStart(settings: Settings, now: number): number | undefined {
  const times: number[] = [];
  const schedule = settings.schedule as
    { quartz_cron_expression: string; timezone_id: string; pause_status?: string } | undefined;
  if (schedule && schedule.pause_status !== "PAUSED") {
    const at = nextFire(parseCron(schedule.quartz_cron_expression), schedule.timezone_id, now);
    if (at !== undefined) times.push(at);
  }
  const trigger = settings.trigger as
    { pause_status?: string; periodic?: { interval: number; unit: string } } | undefined;
  if (trigger?.periodic && trigger.pause_status !== "PAUSED")
    times.push(now + trigger.periodic.interval * (unitMs[trigger.periodic.unit] ?? Infinity));
  return times.length === 0 ? undefined : Math.min(...times);
}

/**
 * One timer per job on the injected clock (tests drive it by hand). `fire` starts a run (trigger
 * PERIODIC) and returns the job as it is now, or undefined once it was deleted; the timer is then re-armed.
 */
export class JobTriggers {
  private readonly armed = new Map<string, () => void>();

  constructor(
    private readonly clock: Clock,
    private readonly fire: (jobId: string) => JobDoc | undefined,
  ) {}

  /** (Re)arms a job after create, reset or update, and for every stored job at start-up. */
  sync(job: JobDoc): void {
    this.remove(job.job_id);
    const now = this.clock.now();
    let at: number | undefined;
    try {
      at = nextStart(job.settings, now);
    } catch {
      // Only a job stored before settings were validated can get here (see validate.ts): it never fires.
      at = undefined;
    }
    if (at === undefined) return;
    const cancel = this.clock.timer(at - now, () => {
      this.armed.delete(job.job_id);
      const current = this.fire(job.job_id);
      if (current) this.sync(current);
    });
    this.armed.set(job.job_id, cancel);
  }

  remove(jobId: string): void {
    this.armed.get(jobId)?.();
    this.armed.delete(jobId);
  }

  close(): void {
    for (const cancel of this.armed.values()) cancel();
    this.armed.clear();
  }
}
