import type { CompiledTrigger, LandedFile } from "../../lake/trigger-match.js";
import { matchWrite } from "../../lake/trigger-match.js";
import { parseStorageEvent } from "../../lake/storage-events.js";
import type { Logger } from "../../runtime/logger.js";
import { createLandingDelivery, type LandingDelivery, type PartitionFiles } from "./delivery.js";
import { debounceSettings } from "./ingress.js";
import type { LandedFileV2 } from "./landing.contracts.js";
import type { OrchestrationPort } from "./orchestration-port.js";

/** What one delivery did; rejected and ignored events are answered 200 too (Event Grid must not retry them). */
export interface IngestSummary {
  delivered: number;
  ignored: number;
  rejected: number;
}

export interface IngestDeps {
  /** The bundles' landing triggers; called per delivery (it may throw PipelineConfigError). */
  readonly triggers: () => readonly CompiledTrigger[];
  readonly orchestrations: OrchestrationPort;
  readonly logger: Logger;
  /**
   * One per process, so concurrent invocations share raises and what is known about live instances;
   * without it each call groups only its own events.
   */
  readonly delivery?: LandingDelivery;
  /** Arrival clock (tests pass a fixed one). */
  readonly now?: () => number;
}

const toV2 = (f: LandedFile, receivedAt: string): LandedFileV2 => ({
  trigger: f.trigger,
  target: f.target,
  account: f.account,
  filesystem: f.filesystem,
  partition: f.partition,
  path: f.path,
  eTag: f.eTag,
  contentLength: f.contentLength,
  sequencer: f.sequencer,
  isMarker: f.isMarker,
  receivedAt,
});

/**
 * Parses each delivered event, matches it against the bundles' landing triggers and hands matching files,
 * stamped with their arrival, to their partition's debounce instance: one raise per partition per
 * delivery at most. Unknown accounts and paths are ignored; malformed or unsafe events are rejected with a
 * warning (never the payload). A failure to reach the orchestration client is thrown, so the delivery
 * fails and Event Grid retries it.
 */
export async function ingestStorageEvents(
  events: readonly unknown[],
  deps: IngestDeps,
): Promise<IngestSummary> {
  const summary: IngestSummary = { delivered: 0, ignored: 0, rejected: 0 };
  const triggers = deps.triggers();
  const receivedAt = new Date((deps.now ?? Date.now)()).toISOString();
  const groups = new Map<string, PartitionFiles & { files: LandedFileV2[] }>();
  for (const raw of events) {
    const parsed = await parseStorageEvent(raw);
    if (parsed.kind === "rejected") {
      summary.rejected++;
      deps.logger.warn("storage event rejected", { eventId: parsed.eventId ?? null, reason: parsed.reason });
      continue;
    }
    if (parsed.kind === "ignored") {
      summary.ignored++;
      deps.logger.debug("storage event ignored", { eventId: parsed.eventId, reason: parsed.reason });
      continue;
    }
    const files = matchWrite(parsed.write, triggers);
    if (files.length === 0) {
      summary.ignored++;
      deps.logger.debug("no trigger watches this path", { eventId: parsed.write.eventId });
      continue;
    }
    for (const file of files) {
      const trigger = triggers.find((t) => t.trigger.name === file.trigger)!.trigger;
      const v2 = toV2(file, receivedAt);
      // A plain key, not the instance id: hashing it per file showed in the profile; delivery hashes per group.
      const id = [v2.account, v2.filesystem, v2.trigger, v2.target, v2.partition].join("\n");
      const known = groups.get(id);
      if (known) known.files.push(v2);
      else groups.set(id, { key: partitionKey(v2), settings: debounceSettings(trigger), files: [v2] });
      summary.delivered++;
    }
  }
  const delivery = deps.delivery ?? createLandingDelivery();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const { instanceId, action } = await delivery.deliver(deps.orchestrations, group);
      deps.logger.info("landed files handed to their partition", {
        instanceId,
        action,
        files: group.files.length,
      });
    }),
  );
  return summary;
}

const partitionKey = (k: PartitionFiles["key"]): PartitionFiles["key"] => ({
  trigger: k.trigger,
  target: k.target,
  account: k.account,
  filesystem: k.filesystem,
  partition: k.partition,
});
