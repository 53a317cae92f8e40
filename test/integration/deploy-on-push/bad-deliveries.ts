import { randomBytes } from "node:crypto";
import type { LocalPushPayload } from "../../../local/github/deliver-push.js";
import { craftTar } from "../../unit/github/tar-builder.js";

/**
 * Payload edits and crafted tarballs for the bad-input suite on the local stack (issue #6, "Bad input").
 * Each is what GitHub (or someone without the secret) could really send or serve.
 */

/** GitHub's delete event as a push: `deleted`, the all-zero `after`, no commits. */
export const deletedRef = (p: LocalPushPayload) => ({
  ...p,
  after: "0".repeat(40),
  deleted: true,
  commits: [],
  head_commit: null,
});

/** A push delivered for another repository (not on the allow-list), or a fork of ours. */
export const fromRepository = (fullName: string, fork: boolean) => (p: LocalPushPayload) => ({
  ...p,
  repository: { ...p.repository, full_name: fullName, name: fullName.split("/")[1], fork },
});

/** A force push whose payload lists only `paths` (GitHub lists the new commits, not what they replaced). */
export const forcedListing = (paths: string[]) => (p: LocalPushPayload) => ({
  ...p,
  forced: true,
  commits: p.commits.map((c) => ({ ...c, added: [], removed: [], modified: paths })),
});

/**
 * A payload whose commit list GitHub cut at its 2048-commit cap: every listed commit claims `path`, so
 * only the compare API can say what the push really changed.
 */
export const truncatedListing = (path: string) => (p: LocalPushPayload) => {
  const template = p.commits[0];
  if (template === undefined) throw new Error("the push needs at least one commit");
  const commits = Array.from({ length: 2048 }, () => ({
    ...template,
    id: randomBytes(20).toString("hex"),
    added: [],
    removed: [],
    modified: [path],
  }));
  return { ...p, commits, head_commit: commits.at(-1) };
};

const top = "local-ml-orchestrator-0000000";
const churnYml = { path: `${top}/bundles/churn/databricks.yml`, body: "bundle:\n  name: churn\n" };

/** Tarballs the stand-in serves for a commit instead of `git archive`, each with the problem it must be refused for. */
export function unsafeTarballs(): { name: string; tarball: Buffer; reason: string }[] {
  return [
    {
      name: "traversal",
      tarball: craftTar([churnYml, { path: `${top}/../../escape-h2.txt`, body: "pwned\n" }]),
      reason: "Unsafe entry in source tarball: parent_segment",
    },
    {
      name: "absolute path",
      tarball: craftTar([churnYml, { path: "/tmp/absolute-h2.txt", body: "pwned\n" }]),
      reason: "Unsafe entry in source tarball: absolute_path",
    },
    {
      name: "symlink leaving the root",
      tarball: craftTar([
        churnYml,
        { path: `${top}/bundles/churn/secrets`, type: "SymbolicLink", linkpath: "../../../../etc" },
      ]),
      reason: "Unsafe entry in source tarball: link_escapes_root",
    },
    {
      // 101 MB of zeros (over the 100 MB per-file cap) compress to about 100 kB.
      name: "huge file",
      tarball: craftTar([
        churnYml,
        { path: `${top}/bundles/churn/model.bin`, body: Buffer.alloc(101 << 20) },
      ]),
      reason: "Source tarball exceeds the size limit",
    },
  ];
}
