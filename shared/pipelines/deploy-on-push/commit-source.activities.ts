import { nodeSource } from "../../bundles/cli/node-source.js";
import { discoverBundles } from "../../github/bundle-layout.js";
import type { InputOf } from "../../durable/contracts.js";
import type { PrepareCommit, PreparedCommit } from "./deploy-commit.contracts.js";
import { snapshotCommit, type SourceActivityDeps } from "./source.activities.js";

export interface CommitSourceDeps extends SourceActivityDeps {
  /** GITHUB_DEPLOY_ROUTING's bundlesDir, used when the request names none. */
  readonly bundlesDir: string;
  /** The workspace URL of a target, for reports; undefined when no workspace serves it. */
  readonly workspaceUrl: (target: string) => string | undefined;
}

type In = InputOf<typeof PrepareCommit>;

/** The PrepareCommit activity: the commit's snapshot (shared with PrepareSource) and the bundle's folder. */
export function createCommitSourceActivities(deps: CommitSourceDeps) {
  return {
    async prepareCommit(input: In): Promise<PreparedCommit> {
      const snapshot = await snapshotCommit(deps, input.repository, input.installationId, input.sha);
      const bundlesDir = input.bundlesDir ?? deps.bundlesDir;
      const found = discoverBundles(nodeSource(snapshot.dir), bundlesDir, input.target).find(
        (b) => (b.kind === "bundle" ? b.name : b.root.split("/").at(-1)) === input.bundle,
      );
      if (found === undefined)
        return { kind: "invalid", message: `no bundle ${input.bundle} under ${bundlesDir}/ at this commit` };
      if (found.kind === "invalid") return { kind: "invalid", message: `${found.root}: ${found.reason}` };
      const url = deps.workspaceUrl(input.target);
      return {
        kind: "ok",
        snapshot: snapshot.id,
        root: found.root,
        engine: "steps",
        ...(url === undefined ? {} : { workspaceUrl: url }),
      };
    },
  };
}
