/** Set-up shared by the local GitHub tests (unit and integration): a scratch repository, stand-in tokens. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A scratch folder holding a fresh git repository at `<work>/repo`, for the local GitHub tests. */
export interface ScratchRepo {
  /** The scratch folder: the repository, and whatever a test writes next to it (extracted snapshots). */
  readonly work: string;
  /** The repository's working tree. */
  readonly dir: string;
  git(...args: string[]): string;
  /** Writes a file relative to the repository, creating its folders. */
  write(path: string, text: string): void;
  /** Stages everything, deletions included, commits, and returns the new commit's sha. */
  commit(message: string): string;
  remove(): void;
}

/** A repository with a fixed author, so commits work on machines without a git identity (CI). */
export function scratchRepo(prefix: string): ScratchRepo {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const dir = join(work, "repo");
  mkdirSync(dir);
  const git = (...args: string[]): string => execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.email", "dev@example.com");
  git("config", "user.name", "Dev");
  return {
    work,
    dir,
    git,
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    commit(message) {
      git("add", "-A");
      git("commit", "--quiet", "-m", message);
      return git("rev-parse", "HEAD");
    },
    remove: () => rmSync(work, { recursive: true, force: true }),
  };
}

/** An installation token from the GitHub stand-in, asked for with an App JWT as GitHub wants it. */
export async function standInToken(standInUrl: string, installationId: number): Promise<string> {
  const res = await fetch(`${standInUrl}/app/installations/${installationId}/access_tokens`, {
    method: "POST",
    headers: { authorization: "Bearer aaa.bbb.ccc" },
  });
  if (res.status !== 201) throw new Error(`stand-in answered ${res.status} to a token request`);
  return ((await res.json()) as { token: string }).token;
}
