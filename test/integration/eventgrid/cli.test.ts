import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorStatus } from "../../../local/eventgrid/emulator.js";
import { eventGridLaunch } from "../../../local/eventgrid/stack-component.js";
import { freePort } from "../../../local/mlflow/ports.js";
import { startHost, type RunningHost } from "../../../local/host/host.js";
import { startAzurite, type TestAzurite } from "./azurite.js";
import { eventually } from "./receiver.js";

/**
 * The compiled emulator and `land` CLIs as `npm start` and `npm run land` run them: the launch arguments
 * of the stack component, a per-machine subscriptions override, the host's keys file, a stack.json.
 */
const root = join(import.meta.dirname, "..", "..", "..");
const compiled = [
  join(root, "dist", "local", "eventgrid", "cli.js"),
  join(root, "dist", "local", "eventgrid", "land-cli.js"),
];
const missing = compiled.filter((f) => !existsSync(f));
if (missing.length > 0)
  console.warn(`SKIPPING the Event Grid CLI tests: ${missing.join(", ")} not built (npm run build)`);

const g = globalThis as unknown as { __fixtureReceived?: { fn: string; id?: string; type?: string }[] };
let azurite: TestAzurite;
let host: RunningHost;
let emulator: ChildProcess | undefined;
let output = "";
const dataDir = mkdtempSync(join(tmpdir(), "eventgrid-cli-"));

beforeAll(async () => {
  if (missing.length > 0) return;
  azurite = await startAzurite();
  const app = join(root, "test", "fixtures", "apps", "cjs-app");
  host = await startHost({ app, port: 0, dataDir: join(dataDir, "host"), log: () => undefined });
});
afterAll(async () => {
  emulator?.kill("SIGTERM");
  await host?.stop();
  await azurite?.stop();
});

describe.skipIf(missing.length > 0)("the compiled emulator and land CLIs", () => {
  it("start as the stack launches them, and deliver what npm run land writes to the host, marker last", async () => {
    // Per-machine override of the subscriptions: the fixture app's Event Grid function, CloudEvents, and
    // every event delivered twice.
    writeFileSync(
      join(dataDir, "eventgrid.yml"),
      [
        "containers: [landing]",
        "pollIntervalMs: 100",
        "subscriptions:",
        "  - name: fixture",
        "    endpoint: { function: onBlobEvent }",
        "    eventDeliverySchema: CloudEventSchemaV1_0",
        "faults: { duplicate: 1, seed: 1 }",
      ].join("\n"),
    );
    const port = await freePort();
    const launch = eventGridLaunch({
      root,
      dataDir,
      port,
      hostUrl: host.url,
      connectionString: azurite.connectionString,
    });
    expect(launch.configFile).toBe(join(dataDir, "eventgrid.yml"));
    emulator = spawn(process.execPath, launch.args, { env: launch.env, stdio: ["ignore", "pipe", "pipe"] });
    emulator.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    emulator.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    const health = async (): Promise<EmulatorStatus | undefined> => {
      try {
        const res = await fetch(launch.healthUrl);
        return res.status === 200 ? ((await res.json()) as EmulatorStatus) : undefined;
      } catch {
        return undefined;
      }
    };
    let status: EmulatorStatus | undefined;
    for (let i = 0; i < 600 && status === undefined; i++) {
      status = await health();
      if (status === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status, output).toMatchObject({
      state: "watching",
      account: "devstoreaccount1",
      faults: { duplicate: 1, reorder: false },
      timeScale: 1,
    });

    const stackFile = join(dataDir, "stack.json");
    writeFileSync(
      stackFile,
      JSON.stringify({
        pid: process.pid,
        components: { azurite: { connectionString: azurite.connectionString, account: "devstoreaccount1" } },
      }),
    );
    const partition = join(dataDir, "incoming", "date=2026-11-26");
    mkdirSync(partition, { recursive: true });
    writeFileSync(join(partition, "part-0.csv"), "customer_id,churned\n1,0\n");
    writeFileSync(join(partition, "part-1.csv"), "customer_id,churned\n2,1\n");
    const landed = spawnSync(
      process.execPath,
      [compiled[1]!, "date=2026-11-26", "landing/churn/customers/date=2026-11-26", "--stack", stackFile],
      { env: { ...process.env, INIT_CWD: join(dataDir, "incoming") }, encoding: "utf8" },
    );
    expect(landed.status, landed.stderr).toBe(0);
    expect(landed.stdout).toContain(
      "Landed 2 file(s) in landing/churn/customers/date=2026-11-26, closed with _SUCCESS",
    );

    const received = await eventually(() => {
      const r = g.__fixtureReceived?.filter((x) => x.fn === "onBlobEvent") ?? [];
      return r.length >= 6 ? r : undefined;
    }, 60_000);
    expect(received).toHaveLength(6);
    expect(new Set(received.map((r) => r.id)).size).toBe(3);
    expect(received.every((r) => r.type === "Microsoft.Storage.BlobCreated")).toBe(true);
    const final = await health();
    expect(final?.subscriptions[0]).toMatchObject({ name: "fixture", delivered: 6, failedAttempts: 0 });
    expect(output).toMatch(/BlobCreated landing\/churn\/customers\/date=2026-11-26\/_SUCCESS/);
    // The marker is published after the data files.
    const published = [...output.matchAll(/BlobCreated landing\/\S+/g)].map((m) => m[0]);
    expect(published.at(-1)).toContain("/_SUCCESS");
    expect(existsSync(join(dataDir, "eventgrid", "reported-etags.json"))).toBe(true);
  });
});
