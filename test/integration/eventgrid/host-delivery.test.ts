import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlobServiceClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEmulatorConfig } from "../../../local/eventgrid/config.js";
import { startEmulator, type RunningEmulator } from "../../../local/eventgrid/emulator.js";
import { hostFromKeysFile } from "../../../local/eventgrid/host-endpoint.js";
import { startHost, type RunningHost } from "../../../local/host/host.js";
import { startAzurite, type TestAzurite } from "./azurite.js";
import { eventually } from "./receiver.js";

/** The cjs-app fixture's `onBlobEvent` Event Grid function records what it receives here. */
const g = globalThis as unknown as { __fixtureReceived?: { fn: string; id?: string; type?: string }[] };
const fixtureApp = join(import.meta.dirname, "..", "..", "fixtures", "apps", "cjs-app");

let azurite: TestAzurite;
let host: RunningHost;
let hostData: string;

beforeAll(async () => {
  azurite = await startAzurite();
  hostData = mkdtempSync(join(tmpdir(), "eventgrid-host-"));
  host = await startHost({ app: fixtureApp, port: 0, dataDir: hostData, log: () => undefined });
});
afterAll(async () => {
  await host?.stop();
  await azurite?.stop();
});

async function emulatorFor(container: string, keysFile: string, retries = 30): Promise<RunningEmulator> {
  const config = parseEmulatorConfig({
    containers: [container],
    subscriptions: [
      {
        name: "host-sub",
        endpoint: { function: "onBlobEvent" },
        retryPolicy: { maxDeliveryAttempts: retries },
        deadLetterDestination: { blobContainerName: `${container}-dead` },
      },
    ],
  });
  const e = await startEmulator({
    config,
    connectionString: azurite.connectionString,
    host: hostFromKeysFile(host.url, keysFile),
    timeScale: 0.0001,
    autoScan: false,
    port: 0,
    log: () => undefined,
  });
  await e.scanNow();
  return e;
}

async function upload(container: string, name: string): Promise<void> {
  const c = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(container);
  await c.createIfNotExists();
  await c.getBlockBlobClient(name).upload("x", 1);
}

describe("delivery to the local Functions host", () => {
  it("reaches an Event Grid function through the extension URL with the host's system key", async () => {
    const e = await emulatorFor("hosted", join(hostData, "keys.json"));
    try {
      await upload("hosted", "in/a.csv");
      await e.scanNow();
      await eventually(() => e.status().subscriptions[0]?.delivered === 1);
      const received = g.__fixtureReceived?.filter((r) => r.fn === "onBlobEvent") ?? [];
      expect(received).toHaveLength(1);
      expect(received[0]?.type).toBe("Microsoft.Storage.BlobCreated");
      expect(e.status().subscriptions[0]).toMatchObject({
        failedAttempts: 0,
        endpoint: "function onBlobEvent",
      });
    } finally {
      await e.stop();
    }
  });

  it("is refused without the key (401, retried for a function endpoint) and dead-letters after the last attempt", async () => {
    const e = await emulatorFor("unkeyed", join(hostData, "no-such-keys.json"), 2);
    const wrongKeys = join(mkdtempSync(join(tmpdir(), "eventgrid-keys-")), "keys.json");
    writeFileSync(wrongKeys, JSON.stringify({ systemKeys: { eventgrid_extension: "not-the-key" } }));
    const wrong = await emulatorFor("wrongkey", wrongKeys, 2);
    try {
      await upload("unkeyed", "b.csv");
      await upload("wrongkey", "c.csv");
      await Promise.all([e.scanNow(), wrong.scanNow()]);
      await eventually(() => e.status().subscriptions[0]?.deadLettered === 1);
      await eventually(() => wrong.status().subscriptions[0]?.deadLettered === 1);
      expect(e.status().subscriptions[0]).toMatchObject({ failedAttempts: 2, delivered: 0 });
      expect(e.status().subscriptions[0]?.lastError).toContain("has not written its keys");
      expect(wrong.status().subscriptions[0]).toMatchObject({
        failedAttempts: 2,
        delivered: 0,
        lastError: "HTTP 401",
      });
    } finally {
      await e.stop();
      await wrong.stop();
    }
  });
});
