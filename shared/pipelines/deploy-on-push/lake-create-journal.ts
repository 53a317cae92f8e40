import { createHash } from "node:crypto";
import type { CreateJournal, JournalRecord } from "../../bundles/deploy/durable/deploy-bundle.activities.js";
import type { LakeFiles } from "../../lake/store.js";

/** Where DeployBundleSteps notes its creates in ORCHESTRATOR_LAKE (ADR 0022). */
export const CREATE_JOURNAL_FOLDER = "_orchestrator/deploy-creates";

const pathOf = (key: string) =>
  `${CREATE_JOURNAL_FOLDER}/${createHash("sha256").update(key).digest("hex").slice(0, 40)}.json`;

/**
 * The create journal (idempotent-create.ts) in the lake, one small file per (deploy, node): keys hold
 * instance ids and node names, so they are hashed into flat, safe names. Written whole each time.
 */
export function lakeCreateJournal(files: LakeFiles): CreateJournal {
  return {
    async read(key) {
      const text = await files.read(pathOf(key));
      if (text === null) return undefined;
      const record = JSON.parse(text) as Partial<JournalRecord>;
      if (record.kind === "created" && typeof record.id === "string")
        return { kind: "created", id: record.id };
      if (record.kind === "creating" && typeof record.at === "string")
        return { kind: "creating", at: record.at };
      return undefined;
    },
    write: (key, record) => files.write(pathOf(key), JSON.stringify(record), "application/json"),
  };
}
