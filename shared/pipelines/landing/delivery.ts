import { instanceIdFor } from "../../durable/instance-ids.js";
import type { DebounceSettings, PartitionKey } from "./debounce.js";
import {
  FILES_LANDED_EVENT,
  LANDING_ORCHESTRATION_V2,
  type FilesLanded,
  type LandedFileV2,
  type LandingInputV2,
} from "./landing.contracts.js";
import { BoundedMap } from "./bounded-map.js";
import { inspectInstance, LIVE_STATUSES, type OrchestrationPort } from "./orchestration-port.js";

/** The V2 debounce instance of a partition (a new id: V1 instances keep their own until they finish). */
export function landingInstanceIdV2(key: PartitionKey): string {
  return instanceIdFor("land", ["v2", key.account, key.filesystem, key.trigger, key.target, key.partition]);
}

/** Files of one partition from one delivery (all share `key`). */
export interface PartitionFiles {
  readonly key: PartitionKey;
  readonly settings: DebounceSettings;
  readonly files: readonly LandedFileV2[];
}

/** `duplicate`: every file was a version already raised to the live instance; nothing was sent. */
export type DeliveryAction = "raised" | "started" | "duplicate";

export interface LandingDelivery {
  /** Resolves once the files are durably raised to (or started as) their partition's instance. */
  deliver(
    port: OrchestrationPort,
    group: PartitionFiles,
  ): Promise<{ instanceId: string; action: DeliveryAction }>;
}

interface Queue {
  readonly group: Omit<PartitionFiles, "files">;
  files: LandedFileV2[];
  waiters: { resolve: (a: DeliveryAction) => void; reject: (e: unknown) => void }[];
}

const MAX_ENTRIES = 100_000;
/** Slack before a known end of life: covers the time between stamping and the event being stored. */
const marginMs = (s: DebounceSettings) => Math.min(s.dedupeSeconds * 500, 5 * 60_000);
const reportedLiveUntil = (custom: unknown): number | undefined => {
  const at = (custom as { liveUntil?: unknown } | null)?.liveUntil;
  return typeof at === "string" && !Number.isNaN(Date.parse(at)) ? Date.parse(at) : undefined;
};
const latestMs = (files: readonly LandedFileV2[]) => Math.max(...files.map((f) => Date.parse(f.receivedAt)));

/**
 * Hands landed files to their partition's `landingDebounceV2` instance with as few orchestration-client
 * calls as correctness allows (docs/adr, landing ingress V2):
 * - files of one partition that arrive while a call for it is in flight (a batch, or concurrent
 *   invocations of the Event Grid trigger) go together in the next single `FilesLanded` raise;
 * - a file version this process already raised to a still-live instance is not raised again (Event
 *   Grid redeliveries; the instance is the authority and would drop it as a duplicate);
 * - a raise needs no status call while the instance is known to be live: it stays up a dedupe window
 *   after the last event it received, so after starting it or raising a file received at t, it still
 *   receives events until t + dedupe window. The client reports a raise to a finished instance (410) as
 *   success, so without that knowledge the status is asked first, as before.
 * Each caller's promise settles with the call that carried its files; a failure fails all of them, so
 * every delivery they belong to is retried by Event Grid (at-least-once).
 */
export function createLandingDelivery(now: () => number = Date.now): LandingDelivery {
  const liveUntil = new BoundedMap<string, number>(MAX_ENTRIES);
  /** File versions this process has raised, by instance: a redelivery to a live instance changes nothing. */
  const raised = new BoundedMap<string, true>(MAX_ENTRIES);
  const ids = new BoundedMap<string, string>(MAX_ENTRIES);
  const queues = new Map<string, Queue>();
  const versionKey = (id: string, f: LandedFileV2) => `${id}\n${f.path}\n${f.eTag}`;
  const knownLive = (id: string, s: DebounceSettings) => (liveUntil.get(id) ?? 0) > now() + marginMs(s);

  const remember = (id: string, until: number, files: readonly LandedFileV2[]) => {
    liveUntil.set(id, Math.max(until, liveUntil.get(id) ?? 0));
    for (const f of files) raised.set(versionKey(id, f), true);
  };

  async function send(port: OrchestrationPort, id: string, q: Queue["group"], files: LandedFileV2[]) {
    const event: FilesLanded = { files };
    const until = latestMs(files) + q.settings.dedupeSeconds * 1000;
    const safeBefore = () => now() + marginMs(q.settings);
    const raise = async (learn: boolean) => {
      await port.raise(id, FILES_LANDED_EVENT, event);
      if (learn) remember(id, until, files);
      return "raised" as const;
    };
    if (knownLive(id, q.settings)) return raise(true);
    const seen = await inspectInstance(port, id);
    if (seen && LIVE_STATUSES.has(seen.runtimeStatus)) {
      // Learn only what is certain: an instance near its end could finish before the raise lands (410).
      const end = reportedLiveUntil(seen.customStatus);
      return raise(seen.runtimeStatus === "Pending" || (end !== undefined && end > safeBefore()));
    }
    const input: LandingInputV2 = { key: q.key, settings: q.settings, first: files };
    try {
      await port.start(LANDING_ORCHESTRATION_V2, id, input);
      remember(id, until, files);
      return "started" as const;
    } catch (err) {
      // Another delivery started it first: raise to the instance it started.
      const again = await port.status(id);
      if (again === undefined || !LIVE_STATUSES.has(again)) throw err;
      return raise(again === "Pending");
    }
  }

  async function drain(port: OrchestrationPort, id: string, q: Queue) {
    while (q.files.length > 0) {
      const files = q.files.splice(0);
      const waiters = q.waiters.splice(0);
      try {
        const action = await send(port, id, q.group, files);
        for (const w of waiters) w.resolve(action);
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
    }
    queues.delete(id);
  }

  // Ids by partition, so a one-event invocation does not hash its partition key again.
  const idOf = (key: PartitionKey) => {
    const plain = [key.account, key.filesystem, key.trigger, key.target, key.partition].join("\n");
    const id = ids.get(plain) ?? landingInstanceIdV2(key);
    ids.set(plain, id);
    return id;
  };

  return {
    deliver(port, group) {
      const instanceId = idOf(group.key);
      // A version this process already raised to the still-live instance: the instance would drop it.
      const fresh = knownLive(instanceId, group.settings)
        ? group.files.filter((f) => !raised.get(versionKey(instanceId, f)))
        : group.files;
      if (fresh.length === 0) return Promise.resolve({ instanceId, action: "duplicate" as const });
      let q = queues.get(instanceId);
      const idle = q === undefined;
      if (!q) {
        q = { group: { key: group.key, settings: group.settings }, files: [], waiters: [] };
        queues.set(instanceId, q);
      }
      q.files.push(...fresh);
      const queue = q;
      const done = new Promise<DeliveryAction>((resolve, reject) => queue.waiters.push({ resolve, reject }));
      if (idle) void drain(port, instanceId, queue);
      return done.then((action) => ({ instanceId, action }));
    },
  };
}
