import { nodeSource } from "../../bundles/cli/node-source.js";
import { discoverBundles, type DiscoveredBundle } from "../../github/bundle-layout.js";
import { allBundles, changedBundles, type BundleChanges } from "../../github/changed-bundles.js";
import type { DeployRequest } from "../../github/deploy-request.js";
import { extractTarball, type TarLimits } from "../../github/tarball.js";
import type { Logger } from "../../runtime/logger.js";
import type { PreparedSource } from "./deploy.contracts.js";

/** Where the repository's sources come from (GitHub through the App's installation token). */
export interface SourceFetcher {
  /** The gzipped tarball of the repository at `sha`, streamed (GitHub: `GET /repos/{o}/{r}/tarball/{sha}`). */
  tarball(
    repository: string,
    installationId: number | undefined,
    sha: string,
  ): Promise<AsyncIterable<Uint8Array>>;
  /** Paths changed between two commits (the compare API); undefined when the answer would be incomplete. */
  changedPaths(
    repository: string,
    installationId: number | undefined,
    base: string,
    head: string,
  ): Promise<readonly string[] | undefined>;
}

/** Snapshots of sources keyed by commit, filled once and re-read by later activities. */
export interface SnapshotStore {
  /** The snapshot of `key`; `fill` writes it into an empty folder the first time only. */
  ensure(
    key: string,
    fill: (dir: string) => Promise<void>,
  ): Promise<{ readonly id: string; readonly dir: string }>;
  /** The local folder of a snapshot `ensure` stored, on this worker or another (re-read from storage). */
  open(id: string): Promise<string>;
}

export interface SourceActivityDeps {
  readonly fetcher: SourceFetcher;
  readonly snapshots: SnapshotStore;
  readonly limits?: TarLimits;
  readonly log: Logger;
}

function namedBundles(
  bundles: readonly DiscoveredBundle[],
  names: readonly string[],
  bundlesDir: string,
): BundleChanges {
  const valid = new Set(bundles.flatMap((b) => (b.kind === "bundle" ? [b.name] : [])));
  return {
    changed: names.filter((n) => valid.has(n)),
    unchanged: [],
    invalid: names
      .filter((n) => !valid.has(n))
      .map((n) => ({ root: `${bundlesDir}/${n}`, reason: "no such bundle at this commit" })),
    removed: [],
  };
}

/**
 * The snapshot of a commit: keyed by repository (lower-cased: GitHub names are case-insensitive) and
 * SHA, so every delivery, promotion and worker shares one copy.
 */
export async function snapshotCommit(
  deps: SourceActivityDeps,
  repository: string,
  installationId: number | undefined,
  sha: string,
): Promise<{ readonly id: string; readonly dir: string }> {
  return deps.snapshots.ensure(`${repository.toLowerCase()}/${sha}`, async (dir) => {
    const tarball = await deps.fetcher.tarball(repository, installationId, sha);
    const extracted = await extractTarball(tarball, dir, deps.limits);
    deps.log.info("source snapshot stored", { sha, files: extracted.files, bytes: extracted.bytes });
  });
}

/** The PrepareSource activity: snapshot the commit, find its bundles, decide which the request deploys. */
export function createSourceActivities(deps: SourceActivityDeps) {
  async function changesOf(
    request: DeployRequest,
    bundles: readonly DiscoveredBundle[],
  ): Promise<BundleChanges> {
    const { changes, bundlesDir } = request;
    if (changes.kind === "paths") return changedBundles(bundles, changes.paths, bundlesDir);
    if (changes.kind === "bundles") return namedBundles(bundles, changes.names, bundlesDir);
    // No base (a created ref) or no complete comparison: deploy every bundle; a deploy of an unchanged
    // bundle plans no change, so this costs time, never correctness.
    const paths =
      changes.base === null
        ? undefined
        : await deps.fetcher.changedPaths(
            request.repository.fullName,
            request.installationId,
            changes.base,
            request.sha,
          );
    return paths === undefined ? allBundles(bundles) : changedBundles(bundles, paths, bundlesDir);
  }

  return {
    async prepareSource(request: DeployRequest): Promise<PreparedSource> {
      const snapshot = await snapshotCommit(
        deps,
        request.repository.fullName,
        request.installationId,
        request.sha,
      );
      const bundles = discoverBundles(nodeSource(snapshot.dir), request.bundlesDir, request.target);
      const changes = await changesOf(request, bundles);
      const roots = Object.fromEntries(
        bundles.flatMap((b) => (b.kind === "bundle" ? [[b.name, b.root] as const] : [])),
      );
      return { snapshot: snapshot.id, changes, roots };
    },
  };
}
