import { describe, expect, it } from "vitest";
import { parseSchedule } from "../../../local/host/ncrontab.js";
import { startTimers, type Clock } from "../../../local/host/timers.js";

/** A manual clock: time moves only when the test calls advance(). */
function manualClock(start: string): Clock & { advance(ms: number): Promise<void> } {
  let now = new Date(start).getTime();
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 0;
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return {
    now: () => new Date(now),
    setTimeout: (fn, ms) => {
      timers.push({ at: now + ms, fn, id: ++nextId });
      return nextId;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
    async advance(ms) {
      const end = now + ms;
      await flush();
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
        await flush();
      }
      now = end;
    },
  };
}

interface Fired {
  name: string;
  value: { ScheduleStatus: { Last: string; Next: string }; IsPastDue: boolean };
}

describe("startTimers", () => {
  it("fires on schedule with the host's TimerInfo shape, and stops", async () => {
    const clock = manualClock("2026-03-04T10:00:00.000Z");
    const fired: Fired[] = [];
    const timers = startTimers(
      [{ name: "every10s", schedule: parseSchedule("*/10 * * * * *"), runOnStartup: false }],
      (name, value) => {
        fired.push({ name, value: value as Fired["value"] });
        return Promise.resolve();
      },
      () => {},
      clock,
    );
    await clock.advance(25_000);
    expect(fired.map((f) => f.value.ScheduleStatus.Next)).toEqual(["2026-03-04T10:00:20.000Z", "2026-03-04T10:00:30.000Z"]);
    expect(fired[0]?.value).toMatchObject({ Schedule: { AdjustForDST: true }, IsPastDue: false, ScheduleStatus: { Last: "0001-01-01T00:00:00.000Z" } });
    expect(fired[1]?.value.ScheduleStatus.Last).toBe("2026-03-04T10:00:10.000Z");
    await timers.stop();
    await clock.advance(60_000);
    expect(fired).toHaveLength(2);
  });

  it("runs on startup when asked, and keeps going after a failing invocation", async () => {
    const clock = manualClock("2026-03-04T10:00:05.000Z");
    const names: string[] = [];
    const errors: string[] = [];
    const timers = startTimers(
      [{ name: "startup", schedule: parseSchedule("0 * * * * *"), runOnStartup: true }],
      (name) => {
        names.push(name);
        return names.length === 1 ? Promise.reject(new Error("first run fails")) : Promise.resolve();
      },
      (level, message) => {
        if (level === "error") errors.push(message);
      },
      clock,
    );
    await clock.advance(0);
    expect(names).toEqual(["startup"]);
    await clock.advance(60_000);
    expect(names).toEqual(["startup", "startup"]);
    expect(errors).toEqual([expect.stringContaining("first run fails")]);
    await timers.stop();
  });
});
