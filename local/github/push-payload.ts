import type { GitCommit } from "./git.js";

/** Where the local repository pretends to live on GitHub. */
export interface LocalRepository {
  readonly fullName: string;
  readonly id: number;
  readonly defaultBranch: string;
  /** Base URL the payload's links point at (the local GitHub stand-in). */
  readonly htmlBase: string;
}

export interface PushInput {
  readonly repository: LocalRepository;
  readonly ref: string;
  /** undefined: the ref is new (GitHub sends the all-zero SHA). */
  readonly before: string | undefined;
  readonly after: string;
  readonly commits: readonly GitCommit[];
  readonly installationId: number;
  readonly pushedAt: Date;
}

const ZERO = "0".repeat(40);
const login = (email: string) => email.split("@")[0]?.replace(/[^A-Za-z0-9-]/g, "-") || "local";

function commitJson(repoUrl: string, c: GitCommit) {
  const person = (p: GitCommit["author"]) => ({ name: p.name, email: p.email, username: login(p.email) });
  return {
    id: c.id,
    tree_id: c.treeId,
    distinct: true,
    message: c.message,
    timestamp: c.timestamp,
    url: `${repoUrl}/commit/${c.id}`,
    author: person(c.author),
    committer: person(c.committer),
    added: c.added,
    removed: c.removed,
    modified: c.modified,
  };
}

/**
 * A push payload with the fields GitHub sends (docs: webhook events, `push`), for the local repository.
 * Only what a local repository can know is filled; ids are stable fakes.
 */
export function buildPushPayload(input: PushInput) {
  const { repository: repo } = input;
  const [owner = "local", name = "repo"] = repo.fullName.split("/");
  const repoUrl = `${repo.htmlBase}/${repo.fullName}`;
  const head = input.commits.at(-1);
  const user = { login: owner, id: 1, type: "User", site_admin: false };
  return {
    ref: input.ref,
    before: input.before ?? ZERO,
    after: input.after,
    created: input.before === undefined,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `${repoUrl}/compare/${(input.before ?? ZERO).slice(0, 12)}...${input.after.slice(0, 12)}`,
    commits: input.commits.map((c) => commitJson(repoUrl, c)),
    head_commit: head === undefined ? null : commitJson(repoUrl, head),
    repository: {
      id: repo.id,
      name,
      full_name: repo.fullName,
      private: true,
      owner: { ...user, name: owner },
      html_url: repoUrl,
      fork: false,
      default_branch: repo.defaultBranch,
      master_branch: repo.defaultBranch,
      pushed_at: Math.floor(input.pushedAt.getTime() / 1000),
    },
    pusher: { name: owner, email: null },
    sender: user,
    installation: { id: input.installationId, node_id: `local-installation-${input.installationId}` },
  };
}
