import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlobServiceClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEmulatorConfig } from "../../../local/eventgrid/config.js";
import { startEmulator } from "../../../local/eventgrid/emulator.js";
import { land, type LandStep } from "../../../local/eventgrid/land.js";
import { startAzurite, type TestAzurite } from "./azurite.js";
import { eventually, startReceiver, type Receiver } from "./receiver.js";

let azurite: TestAzurite;
let service: BlobServiceClient;
let receiver: Receiver;

beforeAll(async () => {
  azurite = await startAzurite();
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await azurite?.stop();
});

/** A partition folder as a producer leaves it: data files, a nested folder, a dotfile and a stale marker. */
function partitionFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "land-test-"));
  writeFileSync(join(dir, "part-0.csv"), "customer_id,churned\n1,0\n");
  writeFileSync(join(dir, "part-1.csv"), "customer_id,churned\n2,1\n");
  mkdirSync(join(dir, "extra"));
  writeFileSync(join(dir, "extra", "notes.json"), "{}");
  writeFileSync(join(dir, ".DS_Store"), "x");
  writeFileSync(join(dir, "_SUCCESS"), "");
  return dir;
}

async function names(container: string): Promise<string[]> {
  const out: string[] = [];
  for await (const b of service.getContainerClient(container).listBlobsFlat()) out.push(b.name);
  return out.sort();
}

describe("npm run land", () => {
  it("uploads every data file first and writes the marker only once they are all in the lake", async () => {
    const prefix = "churn/customers/date=2026-11-25";
    const steps: LandStep[] = [];
    let beforeMarker: string[] = [];
    const result = await land({
      connectionString: azurite.connectionString,
      source: partitionFolder(),
      location: { container: "landing", prefix },
      marker: "_SUCCESS",
      onStep: async (step) => {
        steps.push(step);
        if (step.kind === "marker") beforeMarker = await names("landing");
      },
    });
    const data = [`${prefix}/extra/notes.json`, `${prefix}/part-0.csv`, `${prefix}/part-1.csv`];
    expect(beforeMarker).toEqual(data);
    expect(steps.map((s) => s.kind)).toEqual(["file", "file", "file", "marker"]);
    expect(result.marker).toBe(`${prefix}/_SUCCESS`);
    expect(await names("landing")).toEqual([...data, `${prefix}/_SUCCESS`].sort());
    const marker = await service
      .getContainerClient("landing")
      .getBlobClient(`${prefix}/_SUCCESS`)
      .getProperties();
    expect(marker.contentLength).toBe(0);
    const csv = await service
      .getContainerClient("landing")
      .getBlobClient(`${prefix}/part-0.csv`)
      .getProperties();
    expect(csv.contentType).toBe("text/csv");
  });

  it("lands one file without a marker when asked, creating the filesystem", async () => {
    const dir = partitionFolder();
    await land({
      connectionString: azurite.connectionString,
      source: join(dir, "part-1.csv"),
      location: { container: "single", prefix: "a/b" },
      marker: undefined,
    });
    expect(await names("single")).toEqual(["a/b/part-1.csv"]);
  });

  it("is seen by the emulator as one BlobCreated per file, the marker's last", async () => {
    const config = parseEmulatorConfig({
      containers: ["watched"],
      subscriptions: [{ name: "land-sub", endpoint: { url: `${receiver.url}/land` } }],
    });
    const emulator = await startEmulator({
      config,
      connectionString: azurite.connectionString,
      autoScan: false,
      port: 0,
      log: () => undefined,
    });
    try {
      await emulator.scanNow();
      await land({
        connectionString: azurite.connectionString,
        source: partitionFolder(),
        location: { container: "watched", prefix: "p/date=2026-11-26" },
        marker: "_SUCCESS",
      });
      expect(await emulator.scanNow()).toBe(4);
      await eventually(() => emulator.status().subscriptions[0]?.delivered === 4);
      const subjects = receiver
        .notifications()
        .map((r) => String((r.body as { subject: string }[])[0]?.subject));
      expect(subjects).toHaveLength(4);
      expect(subjects.at(-1)).toBe(
        "/blobServices/default/containers/watched/blobs/p/date=2026-11-26/_SUCCESS",
      );
    } finally {
      await emulator.stop();
    }
  });
});
