import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixtureApp, poll, spawnHost, type HostProcess } from "./host-process.js";

/** kill -9 of the host process at awkward moments, then a restart on the same data folder. */
let dir: string;
let hosts: HostProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "durable-crash-"));
  hosts = [];
});
afterEach(async () => {
  for (const h of hosts) await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

const start = async (): Promise<HostProcess> => {
  const h = await spawnHost(fixtureApp, join(dir, "host"), { FIXTURE_JOURNAL_DIR: join(dir, "journal") });
  hosts.push(h);
  return h;
};
const journal = (): string[] => {
  const file = join(dir, "journal", "activities.log");
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
};
const status = async (h: HostProcess, id: string) => {
  const res = await fetch(`${h.url}/durabletask/instances/${id}`);
  return res.status === 404 ? undefined : ((await res.json()) as { runtimeStatus: string; output: unknown });
};
const finished = (h: HostProcess, id: string) =>
  poll(async () => {
    const s = await status(h, id);
    return s && ["Completed", "Failed", "Terminated"].includes(s.runtimeStatus) ? s : undefined;
  }, `${id} to finish`);
const startNew = (h: HostProcess, name: string, id: string, input: unknown) =>
  fetch(`${h.url}/durabletask/orchestrators/${name}/${id}`, { method: "POST", body: JSON.stringify(input) });

describe("kill -9 and restart", () => {
  it("finishes an orchestration whose activity was running when the host died (at-least-once)", async () => {
    const first = await start();
    expect((await startNew(first, "Slow", "slow-1", { steps: 4, ms: 300 })).status).toBe(202);
    await poll(() => (journal().includes("slow-1 SlowStep 1 start") ? true : undefined), "step 1 to start");
    await first.kill9();

    const second = await start();
    const done = await finished(second, "slow-1");
    expect(done).toMatchObject({ runtimeStatus: "Completed", output: [0, 1, 2, 3] });
    const lines = journal();
    for (let i = 0; i < 4; i++) expect(lines).toContain(`slow-1 SlowStep ${i} end`);
    expect(lines.filter((l) => l === "slow-1 SlowStep 1 start").length).toBeGreaterThanOrEqual(2);
  });

  it("loses no acknowledged event when killed while events are arriving", async () => {
    const first = await start();
    // 40 values now, 20 more after the restart: the collector cannot finish before the crash.
    expect((await startNew(first, "Collector", "collect-1", { count: 60 })).status).toBe(202);
    const acked = new Set<number>();
    const sends = Array.from({ length: 40 }, async (_, v) => {
      try {
        const res = await fetch(`${first.url}/durabletask/instances/collect-1/raiseEvent/item`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(v),
        });
        if (res.status === 202) acked.add(v);
      } catch {
        // the connection died with the host: not acknowledged
      }
    });
    await poll(() => (acked.size >= 10 ? true : undefined), "ten acknowledgements", 200);
    await first.kill9();
    await Promise.all(sends);

    const second = await start();
    // Unacknowledged values may or may not have been stored: sending them again can make the collector
    // finish early, after which it answers 410 Gone, as the extension does.
    const resend = [
      ...Array.from({ length: 40 }, (_, v) => v).filter((v) => !acked.has(v)),
      ...Array.from({ length: 20 }, (_, i) => 100 + i),
    ];
    for (const v of resend) {
      const res = await fetch(`${second.url}/durabletask/instances/collect-1/raiseEvent/item`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(v),
      });
      expect([202, 410]).toContain(res.status);
    }
    const done = await finished(second, "collect-1");
    expect(done.runtimeStatus).toBe("Completed");
    const got = new Set(done.output as number[]);
    expect(acked.size).toBeGreaterThanOrEqual(10);
    for (const v of acked) expect(got.has(v)).toBe(true);
  });

  it("fires a durable timer created before the crash", async () => {
    const first = await start();
    expect((await startNew(first, "Approval", "timer-1", { timeoutSeconds: 2 })).status).toBe(202);
    await poll(
      async () => ((await status(first, "timer-1"))?.runtimeStatus === "Running" ? true : undefined),
      "running",
    );
    await first.kill9();
    const second = await start();
    expect(await finished(second, "timer-1")).toMatchObject({
      runtimeStatus: "Completed",
      output: { outcome: "expired" },
    });
  });
});
