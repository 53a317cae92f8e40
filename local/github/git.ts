import { execFileSync } from "node:child_process";

/** One commit as a push payload lists it. */
export interface GitCommit {
  readonly id: string;
  readonly treeId: string;
  readonly message: string;
  readonly timestamp: string;
  readonly author: { readonly name: string; readonly email: string };
  readonly committer: { readonly name: string; readonly email: string };
  readonly added: readonly string[];
  readonly modified: readonly string[];
  readonly removed: readonly string[];
}

// execFile with an argument array: branch names and paths never pass through a shell.
const git = (cwd: string, args: readonly string[]): string =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });

/** The full SHA of a revision, or undefined when it does not exist (the parent of a root commit). */
export function revParse(cwd: string, rev: string): string | undefined {
  try {
    return git(cwd, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `refs/heads/<branch>` of the checked-out branch; undefined on a detached HEAD. */
export function currentRef(cwd: string): string | undefined {
  try {
    return git(cwd, ["symbolic-ref", "--quiet", "HEAD"]).trim() || undefined;
  } catch {
    return undefined;
  }
}

const FIELDS = ["%H", "%T", "%an", "%ae", "%aI", "%cn", "%ce", "%cI", "%B"].join("%x00");

/** The commits in `before..after`, oldest first (GitHub's order), with their changed paths. */
export function commitsBetween(
  cwd: string,
  before: string | undefined,
  after: string,
  max = 2048,
): GitCommit[] {
  const range = before === undefined ? [after] : [`${before}..${after}`];
  const log = git(cwd, ["log", "--reverse", `--max-count=${max}`, `--format=${FIELDS}%x1e`, ...range]);
  return log
    .split("\x1e")
    .map((record) => record.replace(/^\n/, ""))
    .filter((record) => record !== "")
    .map((record) => {
      const [id = "", treeId = "", an = "", ae = "", aDate = "", cn = "", ce = "", , ...rest] =
        record.split("\x00");
      const message = rest.join("\x00");
      return {
        id,
        treeId,
        message: message.trimEnd(),
        timestamp: aDate,
        author: { name: an, email: ae },
        committer: { name: cn, email: ce },
        ...changes(cwd, id),
      };
    });
}

function changes(cwd: string, sha: string): Pick<GitCommit, "added" | "modified" | "removed"> {
  const out = git(cwd, [
    "diff-tree",
    "--root",
    "--no-commit-id",
    "--no-renames",
    "--name-status",
    "-r",
    "-z",
    sha,
  ]).split("\x00");
  const added: string[] = [];
  const modified: string[] = [];
  const removed: string[] = [];
  for (let i = 0; i + 1 < out.length; i += 2) {
    const [status, path] = [out[i] ?? "", out[i + 1] ?? ""];
    (status === "A" ? added : status === "D" ? removed : modified).push(path);
  }
  return { added, modified, removed };
}
