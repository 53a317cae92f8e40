import { instanceIdFor } from "../../durable/instance-ids.js";
import type { LandedFile } from "../../lake/trigger-match.js";
import type { LandingTrigger } from "../config/schema.js";
import type { DebounceSettings, PartitionKey } from "./debounce.js";
import {
  FILE_LANDED_EVENT,
  LANDING_ORCHESTRATION,
  type FileLanded,
  type LandingInput,
} from "./landing.contracts.js";
import { LIVE_STATUSES, type OrchestrationPort } from "./orchestration-port.js";

/** The debounce instance of a partition: `land-<hash>` of the partition's business key. */
export function landingInstanceId(key: PartitionKey): string {
  return instanceIdFor("land", ["v1", key.account, key.filesystem, key.trigger, key.target, key.partition]);
}

export function debounceSettings(trigger: LandingTrigger): DebounceSettings {
  return {
    quietSeconds: trigger.quiet_window,
    markerSettleSeconds: trigger.marker_settle,
    dedupeSeconds: trigger.dedupe_window,
  };
}

const toEvent = (f: LandedFile): FileLanded => ({
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
});

/**
 * V1 ingress, no longer wired to the functions (ADR 0029: `delivery.ts` feeds `landingDebounceV2`); kept
 * with its tests while V1 instances may still run.
 * Hands one landed file to its partition's debounce instance: raises `FileLanded` to a live instance, or
 * starts one with the file as its first event. Two deliveries racing to start it both end up as events of
 * the one instance: the loser's start is refused (host.json `overridableExistingInstanceStates:
 * NonRunningStates`) and it raises instead. Dedupe itself happens inside the instance.
 */
export async function deliverLandedFile(
  port: OrchestrationPort,
  file: LandedFile,
  settings: DebounceSettings,
): Promise<{ instanceId: string; action: "raised" | "started" }> {
  const event = toEvent(file);
  const key: PartitionKey = event;
  const instanceId = landingInstanceId(key);
  const status = await port.status(instanceId);
  if (status !== undefined && LIVE_STATUSES.has(status)) {
    await port.raise(instanceId, FILE_LANDED_EVENT, event);
    return { instanceId, action: "raised" };
  }
  const input: LandingInput = {
    key: {
      trigger: key.trigger,
      target: key.target,
      account: key.account,
      filesystem: key.filesystem,
      partition: key.partition,
    },
    settings,
    first: event,
  };
  try {
    await port.start(LANDING_ORCHESTRATION, instanceId, input);
    return { instanceId, action: "started" };
  } catch (err) {
    const now = await port.status(instanceId);
    if (now === undefined || !LIVE_STATUSES.has(now)) throw err;
    await port.raise(instanceId, FILE_LANDED_EVENT, event);
    return { instanceId, action: "raised" };
  }
}
