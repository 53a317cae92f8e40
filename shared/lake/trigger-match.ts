import { compilePattern, fileGlob, type PartitionPattern } from "../pipelines/config/path-pattern.js";
import type { LandingTrigger } from "../pipelines/config/schema.js";
import type { BlobWrite } from "./storage-events.js";

/** A landing trigger ready to match writes against. */
export interface CompiledTrigger {
  readonly trigger: LandingTrigger;
  readonly pattern: PartitionPattern;
  readonly files: readonly RegExp[];
}

/** One file of a partition a trigger watches: the unit the debounce orchestration receives. */
export interface LandedFile {
  readonly trigger: string;
  readonly target: string;
  readonly account: string;
  readonly filesystem: string;
  readonly partition: string;
  readonly path: string;
  readonly eTag: string;
  readonly contentLength: number;
  readonly sequencer: string;
  readonly eventTime: string;
  /** The trigger's marker file: closes the partition, is not data. */
  readonly isMarker: boolean;
}

export function compileTriggers(triggers: readonly LandingTrigger[]): CompiledTrigger[] {
  return triggers.map((trigger) => ({
    trigger,
    pattern: compilePattern(trigger.partition),
    files: trigger.files.map(fileGlob),
  }));
}

/**
 * Every trigger a write belongs to: same account and filesystem, inside a partition of the pattern, and
 * either a data file (`files` globs) or the marker. Empty when nothing watches it — the caller answers
 * 200 and drops it, because unknown paths are normal traffic on a shared account.
 */
export function matchWrite(write: BlobWrite, triggers: readonly CompiledTrigger[]): LandedFile[] {
  return triggers.flatMap(({ trigger, pattern, files }) => {
    if (trigger.storage_account !== write.account || trigger.filesystem !== write.filesystem) return [];
    const match = pattern.match(write.path);
    if (match === undefined) return [];
    const isMarker = trigger.marker === match.file;
    if (!isMarker && !files.some((glob) => glob.test(match.file))) return [];
    return [
      {
        trigger: trigger.name,
        target: trigger.target,
        account: write.account,
        filesystem: write.filesystem,
        partition: match.partition,
        path: write.path,
        eTag: write.eTag,
        contentLength: write.contentLength,
        sequencer: write.sequencer,
        eventTime: write.eventTime,
        isMarker,
      },
    ];
  });
}
