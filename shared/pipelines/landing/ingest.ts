import type { CompiledTrigger } from "../../lake/trigger-match.js";
import { matchWrite } from "../../lake/trigger-match.js";
import { parseStorageEvent } from "../../lake/storage-events.js";
import type { Logger } from "../../runtime/logger.js";
import { debounceSettings, deliverLandedFile } from "./ingress.js";
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
}

/**
 * Parses each delivered event, matches it against the bundles' landing triggers and hands matching files
 * to their partition's debounce instance. Unknown accounts and paths are ignored; malformed or unsafe
 * events are rejected with a warning (never the payload). A failure to reach the orchestration client is
 * thrown, so the delivery fails and Event Grid retries it.
 */
export async function ingestStorageEvents(
  events: readonly unknown[],
  deps: IngestDeps,
): Promise<IngestSummary> {
  const summary: IngestSummary = { delivered: 0, ignored: 0, rejected: 0 };
  const triggers = deps.triggers();
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
      const { instanceId, action } = await deliverLandedFile(
        deps.orchestrations,
        file,
        debounceSettings(trigger),
      );
      deps.logger.info("landed file handed to its partition", {
        eventId: parsed.write.eventId,
        instanceId,
        action,
      });
      summary.delivered++;
    }
  }
  return summary;
}
