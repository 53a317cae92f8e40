import { createAppAuth } from "@octokit/auth-app";
import { request as octokitRequest } from "@octokit/request";
import { UpstreamError } from "../../errors/taxonomy.js";

/** Comments on a commit, once per marker. */
export interface CommitCommenter {
  /** Posts `body` on the commit unless a comment there already contains `marker`; true when posted. */
  commentOnce(repository: string, sha: string, marker: string, body: string): Promise<boolean>;
}

export interface GitHubAppSettings {
  readonly apiUrl: string;
  readonly appId: string;
  readonly privateKey: string;
}

const REPO = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/;
const PER_PAGE = 100;

/** GitHub's status only: its message may echo request details, and tokens never go into errors. */
function failure(what: string, err: unknown): UpstreamError {
  const status = (err as { status?: unknown }).status;
  return new UpstreamError(`GitHub ${what} failed (${typeof status === "number" ? status : "no response"})`, {
    code: "GITHUB_UNAVAILABLE",
  });
}

/**
 * Commit comments as the GitHub App, like deploy reports: the installation comes from
 * `GET /repos/{owner}/{repo}/installation` with the App JWT (a promotion carries no delivery, so no
 * installation id), then the installation token lists the commit's comments and posts one. Listing
 * first makes a retried reminder a no-op instead of a second comment.
 */
export function githubAppCommenter(
  settings: GitHubAppSettings,
  fetchImpl: typeof fetch = globalThis.fetch,
): CommitCommenter {
  const request = octokitRequest.defaults({
    baseUrl: settings.apiUrl.replace(/\/+$/, ""),
    headers: { "x-github-api-version": "2022-11-28", "user-agent": "databricks-ml-orchestrator" },
    request: { fetch: fetchImpl },
  });
  const auth = createAppAuth({ appId: settings.appId, privateKey: settings.privateKey, request });
  const installations = new Map<string, number>();
  async function tokenFor(owner: string, repo: string): Promise<string> {
    const key = `${owner}/${repo}`;
    let id = installations.get(key);
    if (id === undefined) {
      const { token: jwt } = await auth({ type: "app" });
      const res = await request("GET /repos/{owner}/{repo}/installation", {
        owner,
        repo,
        headers: { authorization: `bearer ${jwt}` },
      }).catch((err: unknown) => {
        throw failure("installation lookup", err);
      });
      id = (res.data as { id: number }).id;
      installations.set(key, id);
    }
    const { token } = await auth({ type: "installation", installationId: id });
    return `token ${token}`;
  }
  return {
    async commentOnce(repository, sha, marker, body) {
      const m = REPO.exec(repository);
      if (!m)
        throw new UpstreamError("Invalid repository name", { code: "GITHUB_UNAVAILABLE", retryable: false });
      const [, owner = "", repo = ""] = m;
      const authorization = await tokenFor(owner, repo);
      const headers = { authorization };
      for (let page = 1; ; page++) {
        const { data } = await request("GET /repos/{owner}/{repo}/commits/{commit_sha}/comments", {
          owner,
          repo,
          commit_sha: sha,
          per_page: PER_PAGE,
          page,
          headers,
        }).catch((err: unknown) => {
          throw failure("commit comment listing", err);
        });
        const comments = data as { body?: string }[];
        if (comments.some((c) => (c.body ?? "").includes(marker))) return false;
        if (comments.length < PER_PAGE) break;
      }
      await request("POST /repos/{owner}/{repo}/commits/{commit_sha}/comments", {
        owner,
        repo,
        commit_sha: sha,
        body,
        headers,
      }).catch((err: unknown) => {
        throw failure("commit comment", err);
      });
      return true;
    },
  };
}
