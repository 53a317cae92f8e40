import type { ActivityContract } from "../../../durable/contracts.js";
import type { PreparedSchema } from "../../schema.js";
import type { BundleSource } from "../../source.js";
import type { DeployClient } from "../deploy.js";
import type { LocalTree } from "../fileset.js";
import type { Layout } from "../layout.js";
import type { SnapshotStore } from "../snapshot.js";
import type { SourceRef } from "./deploy-bundle.contracts.js";

/** Opens a stored source snapshot (a commit's files) at a bundle's folder. */
export interface SourceSnapshots {
  open(ref: SourceRef): { readonly source: BundleSource; readonly tree: LocalTree };
}

export interface DeployBundleDeps {
  readonly client: DeployClient;
  readonly sources: SourceSnapshots;
  readonly schema: PreparedSchema;
  readonly snapshots: (layout: Layout, target: string) => SnapshotStore;
  readonly newId: () => string;
  readonly now: () => Date;
  readonly cliVersion: string;
}

export type Fn<C> = C extends ActivityContract<infer In, infer Out> ? (input: In) => Promise<Out> : never;
