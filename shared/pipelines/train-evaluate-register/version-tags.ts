import { createHash } from "node:crypto";
import { ValidationError } from "../../errors/taxonomy.js";

/**
 * Guaranteed by every MLflow storage backend (Databricks set-tag docs): keys up to 250 bytes, values up
 * to 5,000 bytes. Larger values may work on some backends and fail on others, so we never rely on them.
 */
export const TAG_KEY_MAX_BYTES = 250;
export const TAG_VALUE_MAX_BYTES = 5_000;

/** Lineage of a registered version, as the orchestrator knows it (the data is in the manifest in full). */
export interface VersionLineage {
  readonly orchestrationId: string;
  readonly bundle: string;
  readonly serial: number;
  readonly commit: string | null;
  readonly files: readonly { readonly path: string; readonly eTag: string }[];
  /** abfss URL of the lineage manifest, which lists every path and eTag. */
  readonly manifest: string;
}

/**
 * sha256 over the batch's (path, eTag) pairs, sorted by path and serialised as JSON, so anyone holding the
 * manifest can recompute it; the order files arrived in does not change it.
 */
export function dataDigest(files: VersionLineage["files"]): string {
  const pairs = files.map((f) => [f.path, f.eTag] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `sha256:${createHash("sha256").update(JSON.stringify(pairs), "utf8").digest("hex")}`;
}

/**
 * The tags the pipeline sets on a registered version (ADR 0025). Bounded whatever the batch: the paths
 * and eTags are a count, a digest and the manifest's URL rather than a list. `commit_sha` and
 * `orchestration_id` repeat what the register job sets (same values), so they are there even for a
 * bundle whose job does not tag.
 */
export function versionLineageTags(lineage: VersionLineage): Record<string, string> {
  const tags: Record<string, string> = {
    orchestration_id: lineage.orchestrationId,
    ...(lineage.commit === null ? {} : { commit_sha: lineage.commit }),
    bundle_name: lineage.bundle,
    bundle_deployment_serial: String(lineage.serial),
    data_file_count: String(lineage.files.length),
    data_digest: dataDigest(lineage.files),
    lineage_manifest: lineage.manifest,
  };
  const bytes = (text: string) => Buffer.byteLength(text, "utf8");
  for (const [key, value] of Object.entries(tags))
    if (bytes(key) > TAG_KEY_MAX_BYTES || bytes(value) > TAG_VALUE_MAX_BYTES)
      throw new ValidationError(`lineage tag ${key} exceeds MLflow's guaranteed size`, {
        code: "LINEAGE_TAG_TOO_LONG",
      });
  return tags;
}
