import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHost, type RunningHost } from "../../../local/host/host.js";
import { eventually, fixture, tempDataDir } from "./helpers.js";

const g = globalThis as unknown as { __fixtureReceived?: { fn: string; timer?: Record<string, unknown> }[] };
let host: RunningHost;

beforeAll(async () => {
  // An environment variable wins over local.settings.json (which holds a yearly schedule).
  process.env.TICK_SCHEDULE = "* * * * * *";
  host = await startHost({ app: fixture("cjs-app"), port: 0, dataDir: tempDataDir(), log: () => {} });
});
afterAll(async () => {
  await host?.stop();
  delete process.env.TICK_SCHEDULE;
});

describe("timer trigger", () => {
  it("fires an every-second %setting% schedule with the camel-cased TimerInfo", async () => {
    const tick = await eventually(() => g.__fixtureReceived?.find((r) => r.fn === "tick"), 10_000);
    expect(tick.timer).toMatchObject({ schedule: { adjustForDST: true }, isPastDue: false });
    const status = tick.timer?.scheduleStatus as Record<string, unknown>;
    expect(Object.keys(status).sort()).toEqual(["last", "lastUpdated", "next"]);
    expect(Date.parse(String(status.next))).toBeGreaterThan(Date.parse(String(status.lastUpdated)) - 1000);
  });

  it("can also be run through POST /admin/functions/<name>", async () => {
    const before = g.__fixtureReceived?.filter((r) => r.fn === "tick").length ?? 0;
    const res = await fetch(`${host.url}/admin/functions/tick`, { method: "POST", body: "{}", headers: { "x-functions-key": host.keys.masterKey } });
    expect(res.status).toBe(202);
    await eventually(() => ((g.__fixtureReceived?.filter((r) => r.fn === "tick").length ?? 0) > before ? true : undefined));
  });
});
