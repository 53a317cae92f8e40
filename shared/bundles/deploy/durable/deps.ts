import type { ActivityContract } from "../../../durable/contracts.js";
import type { PreparedSchema } from "../../schema.js";
import type { BundleSource } from "../../source.js";
import type { DeployClient } from "../deploy.js";
import type { LocalTree } from "../fileset.js";
import type { Layout } from "../layout.js";
import type { SnapshotStore } from "../snapshot.js";
import type { SourceRef } from "./deploy-bundle.contracts.js";

/**
 * Opens a stored source snapshot (a commit's files) at a bundle's folder. Async: the activity may run on
 * a worker that has never seen the snapshot, which then materialises it from storage first.
 */
export interface SourceSnapshots {
  open(ref: SourceRef): Promise<{ readonly source: BundleSource; readonly tree: LocalTree }>;
}

/** What a create recorded: `creating` before the request, the id once it answered (idempotent-create.ts). */
export type JournalRecord =
  { readonly kind: "creating"; readonly at: string } | { readonly kind: "created"; readonly id: string };

/** Durable notes outside the workspace (the orchestrator's storage), keyed by deploy and node. */
export interface CreateJournal {
  read(key: string): Promise<JournalRecord | undefined>;
  write(key: string, record: JournalRecord): Promise<void>;
}

export interface DeployBundleDeps {
  /** The Databricks client of a bundle target. */
  readonly clientFor: (target: string) => DeployClient;
  readonly sources: SourceSnapshots;
  readonly schema: PreparedSchema;
  readonly snapshots: (layout: Layout, target: string) => SnapshotStore;
  readonly journal: CreateJournal;
  readonly newId: () => string;
  readonly now: () => Date;
  readonly cliVersion: string;
  /** Uploads and remote reads in flight inside one activity (default 10, as the one-call engine). */
  readonly concurrency?: number;
}

export type Fn<C> = C extends ActivityContract<infer In, infer Out> ? (input: In) => Promise<Out> : never;
