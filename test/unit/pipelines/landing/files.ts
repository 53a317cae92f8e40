import type { DebounceSettings, PartitionKey } from "../../../../shared/pipelines/landing/debounce.js";
import type { FileLanded, LandingInput } from "../../../../shared/pipelines/landing/landing.contracts.js";

export const key: PartitionKey = {
  trigger: "customers-dev",
  target: "dev",
  account: "stchurndev",
  filesystem: "landing",
  partition: "churn/customers/date=2026-11-25",
};
export const settings: DebounceSettings = { quietSeconds: 120, markerSettleSeconds: 5, dedupeSeconds: 3600 };

/** File `n` of the partition; the eTag and sequencer grow with `version` like real rewrites do. */
export function file(n: number | "_SUCCESS", version = 1, partition: PartitionKey = key): FileLanded {
  const name = n === "_SUCCESS" ? n : `part-${String(n).padStart(5, "0")}.csv`;
  return {
    ...partition,
    path: `${partition.partition}/${name}`,
    eTag: `0x8DC${n}v${version}`,
    contentLength: n === "_SUCCESS" ? 0 : 1000 + version,
    sequencer: String(version).padStart(8, "0"),
    isMarker: n === "_SUCCESS",
  };
}

export const input = (first: FileLanded): LandingInput => ({ key, settings, first });
