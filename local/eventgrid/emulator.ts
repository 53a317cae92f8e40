import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { BlobServiceClient } from "@azure/storage-blob";
import type { EmulatorConfig } from "./config.js";
import { blobDeadLetterSink } from "./dead-letter.js";
import { resolveTarget, type HostEndpoint } from "./deliver.js";
import { SubscriptionDispatcher, type SubscriptionStats } from "./dispatcher.js";
import { blobCreatedEvent, createSequencer, inSchema, type BlobChange } from "./events.js";
import { applyFaults, noFaults, seededRandom, type Faults } from "./faults.js";
import { subscriptionMatches } from "./filters.js";
import { responseTimeoutSeconds } from "./retry.js";
import { listenStatus } from "./status-server.js";
import { fileSeenStore, scanChanges } from "./watcher.js";

export interface EmulatorOptions {
  readonly config: EmulatorConfig;
  /** Azurite's connection string (the lake account); never logged. */
  readonly connectionString: string;
  /** The local Functions host, for `function` endpoints. */
  readonly host?: HostEndpoint;
  /** Where the reported eTags are kept across restarts; in memory only when absent. */
  readonly dataDir?: string;
  /** Multiplies every retry, TTL and dead-letter delay (1 = Event Grid's real schedule). */
  readonly timeScale?: number;
  readonly responseTimeoutMs?: number;
  readonly faults?: Faults;
  readonly seed?: number;
  /** Port of the status server (/health); 0 picks a free one. */
  readonly port?: number;
  /** Poll on a timer (default); tests may call scanNow() themselves instead. */
  readonly autoScan?: boolean;
  readonly log?: (message: string) => void;
}

export interface EmulatorStatus {
  state: "starting" | "watching" | "failing";
  account: string;
  containers: readonly string[];
  scans: number;
  published: number;
  timeScale: number;
  faults: Faults;
  lastScanAt?: string;
  lastScanError?: string;
  subscriptions: SubscriptionStats[];
}

export interface RunningEmulator {
  readonly url: string;
  status(): EmulatorStatus;
  /** One scan of the watched containers, publishing what changed; resolves with the number of changes. */
  scanNow(): Promise<number>;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const log = options.log ?? ((m: string) => console.log(m));
  const service = BlobServiceClient.fromConnectionString(options.connectionString);
  const account = service.accountName;
  const timeScale = options.timeScale ?? 1;
  const faults = options.faults ?? noFaults;
  const random = seededRandom(options.seed ?? Date.now());
  const deadLetters = blobDeadLetterSink(service);
  const dispatchers = options.config.subscriptions.map(
    (s) =>
      new SubscriptionDispatcher(s, resolveTarget(s.endpoint, options.host), {
        timeScale,
        responseTimeoutMs: options.responseTimeoutMs ?? responseTimeoutSeconds * 1_000,
        deadLetters,
        log,
      }),
  );
  const seen = fileSeenStore(
    options.dataDir === undefined ? undefined : join(options.dataDir, "reported-etags.json"),
  );
  const status: EmulatorStatus = {
    state: "starting",
    account,
    containers: options.config.containers,
    scans: 0,
    published: 0,
    timeScale,
    faults,
    subscriptions: [],
  };
  const scanOptions = {
    service,
    account,
    containers: options.config.containers,
    seen,
    sequencer: createSequencer(),
  };
  // A first start finds the lake as it is: like a new subscription, it reports only what happens next.
  let report = seen.restored;

  const publish = (changes: readonly BlobChange[]): void => {
    const events = changes.map((c) => blobCreatedEvent(c));
    status.published += events.length;
    for (const c of changes) log(`BlobCreated ${c.container}/${c.name} (${c.api}, eTag ${c.eTag})`);
    for (const d of dispatchers) {
      const schema = d.subscription.eventDeliverySchema;
      const wanted = events
        .map((e) => inSchema(e, schema))
        .filter((e, i) =>
          subscriptionMatches(d.subscription, e, { type: events[i]!.eventType, subject: events[i]!.subject }),
        );
      if (wanted.length > 0) d.enqueue(applyFaults(wanted, faults, random));
    }
  };

  let scanning: Promise<number> | undefined;
  const scanNow = (): Promise<number> =>
    (scanning ??= (async () => {
      try {
        const changes = await scanChanges(scanOptions, report);
        report = true;
        publish(changes);
        Object.assign(status, {
          state: "watching",
          lastScanAt: new Date().toISOString(),
          scans: status.scans + 1,
        });
        delete status.lastScanError;
        return changes.length;
      } catch (err) {
        status.state = "failing";
        status.lastScanError = err instanceof Error ? err.message : String(err);
        throw err;
      } finally {
        scanning = undefined;
      }
    })());

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const loop = (): void => {
    if (stopped) return;
    scanNow()
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, options.config.pollIntervalMs);
      });
  };
  const current = (): EmulatorStatus => ({ ...status, subscriptions: dispatchers.map((d) => d.stats()) });
  const server = await listenStatus(options.port ?? 0, current);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (options.autoScan ?? true) loop();
  return {
    url,
    status: current,
    scanNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      for (const d of dispatchers) d.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scanning?.catch(() => undefined);
    },
  };
}
