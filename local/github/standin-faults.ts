import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import type { ServerResponse } from "node:http";

/**
 * Fault switches of the stand-in, for tests of bad input on the running stack (issue #6, "Bad input").
 * `tarballDir`: a folder of `<sha>.tar.gz` files served instead of `git archive` for that commit, so a
 * test can hand the product a tarball git would never make (traversal, absolute paths, escaping links,
 * huge files) through the production download path. Unset (the default) the stand-in only tells the truth.
 */
export interface StandInFaults {
  readonly tarballDir?: string | undefined;
}

const SHA = /^[0-9a-f]{40}$/;

/** Streams the crafted tarball of `sha` and returns true, or returns false when there is none. */
export function serveCraftedTarball(faults: StandInFaults, sha: string, res: ServerResponse): boolean {
  if (faults.tarballDir === undefined || !SHA.test(sha)) return false;
  const file = join(faults.tarballDir, `${sha}.tar.gz`);
  if (!existsSync(file)) return false;
  res.writeHead(200, { "content-type": "application/x-gzip" });
  createReadStream(file)
    .on("error", () => res.destroy())
    .pipe(res);
  return true;
}
