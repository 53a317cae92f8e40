import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import { afterAll, afterEach, beforeAll } from "vitest";
import { parseEmulatorConfig } from "../../../local/eventgrid/config.js";
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../../local/eventgrid/emulator.js";
import { startAzurite, type TestAzurite } from "./azurite.js";
import { startReceiver, type Receiver } from "./receiver.js";

/**
 * One real Azurite and one loopback receiver per test file; emulators started by a test are stopped
 * after it. Call `emulatorSuite()` at the top level of a test file.
 */
export interface EmulatorSuite {
  readonly azurite: TestAzurite;
  readonly service: BlobServiceClient;
  readonly receiver: Receiver;
  /** A fresh container per test, so tests never see each other's blobs. */
  container(name?: string): Promise<ContainerClient>;
  /** An emulator on `containers`, baseline scan done (nothing reported yet), scanning only when asked. */
  emulator(
    containers: string[],
    subscriptions: Record<string, unknown>[],
    extra?: Partial<EmulatorOptions>,
  ): Promise<RunningEmulator>;
  /** Every delivered event (notifications, not handshakes), optionally of one receiver path. */
  eventsOf(path?: string): Record<string, unknown>[];
  /** The number of containers handed out so far (for unique dead-letter container names). */
  count(): number;
}

export function emulatorSuite(): EmulatorSuite {
  const running: RunningEmulator[] = [];
  let containerCount = 0;
  const suite = {} as { -readonly [K in keyof EmulatorSuite]: EmulatorSuite[K] };
  beforeAll(async () => {
    suite.azurite = await startAzurite();
    suite.service = BlobServiceClient.fromConnectionString(suite.azurite.connectionString);
    suite.receiver = await startReceiver();
  });
  afterAll(async () => {
    await suite.receiver?.close();
    await suite.azurite?.stop();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.stop()));
    suite.receiver.requests.length = 0;
    suite.receiver.answer = () => 200;
    suite.receiver.validate = true;
  });
  suite.count = () => containerCount;
  suite.container = async (name = `lake${++containerCount}`) => {
    const c = suite.service.getContainerClient(name);
    await c.createIfNotExists();
    return c;
  };
  suite.emulator = async (containers, subscriptions, extra = {}) => {
    const e = await startEmulator({
      config: parseEmulatorConfig({ containers, subscriptions }),
      connectionString: suite.azurite.connectionString,
      timeScale: 0.0001,
      autoScan: false,
      port: 0,
      log: () => undefined,
      ...extra,
    });
    running.push(e);
    await e.scanNow();
    return e;
  };
  suite.eventsOf = (path) =>
    suite.receiver
      .notifications()
      .filter((r) => path === undefined || r.path === path)
      .flatMap((r) => r.body as Record<string, unknown>[]);
  return suite;
}

export const put = async (
  c: ContainerClient,
  name: string,
  text = "customer_id,churned\n1,0\n",
): Promise<string> =>
  (await c.getBlockBlobClient(name).upload(text, Buffer.byteLength(text))).etag!.replace(/"/g, "");

/** Every subscription has nothing pending and `settledCount` events ended (delivered, dead-lettered, dropped). */
export const settled = (e: RunningEmulator, settledCount: number) => (): boolean =>
  e.status().subscriptions.every((s) => s.pending === 0) &&
  e.status().subscriptions.reduce((n, s) => n + s.delivered + s.deadLettered + s.dropped, 0) === settledCount;
