import { createAppAuth } from "@octokit/auth-app";
import { request as octokitRequest } from "@octokit/request";
import { redactString } from "../../runtime/redact.js";
import {
  GitHubCallError,
  type CheckRun,
  type Deployment,
  type GitHubApi,
  type RepoRef,
} from "./github-api.js";

/** What reporting needs to reach GitHub: the GitHub settings (shared/config/github.ts) as plain values. */
export interface GitHubApiSettings {
  /** `https://api.github.com`, a GHES `/api/v3` URL, or the local stand-in. */
  readonly apiUrl: string;
  readonly appId?: string | undefined;
  readonly privateKey?: string | undefined;
  /** A PAT or a workflow's GITHUB_TOKEN: commit statuses and deployments only. */
  readonly token?: string | undefined;
}

type Send = (route: string, params: Record<string, unknown>) => Promise<{ status: number; data: unknown }>;

const REPO = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/;

/** Maps whatever a call threw to a {@link GitHubCallError} built from the status and GitHub's message only. */
function toCallError(call: string, err: unknown, secrets: readonly string[]): GitHubCallError {
  if (err instanceof GitHubCallError) return err;
  const e = err as {
    status?: unknown;
    response?: { headers?: Record<string, string | undefined>; data?: unknown };
  };
  if (typeof e.status !== "number")
    return new GitHubCallError(call, 0, err instanceof Error ? err.name : "request failed");
  const headers = e.response?.headers ?? {};
  // Secondary rate limits answer 403 with retry-after, primary ones with x-ratelimit-remaining: 0.
  const limited =
    e.status === 403 && (headers["retry-after"] !== undefined || headers["x-ratelimit-remaining"] === "0");
  const data = e.response?.data as { message?: unknown } | undefined;
  // A server may echo what it was sent: cut out our own credentials, then anything token-shaped.
  const raw = typeof data?.message === "string" ? data.message.slice(0, 300) : "no message";
  const message = redactString(secrets.reduce((text, secret) => text.split(secret).join("[REDACTED]"), raw));
  return new GitHubCallError(call, limited ? 429 : e.status, message);
}

/**
 * The production {@link GitHubApi} over @octokit/request: as a GitHub App when an app id and private key
 * are set (installation tokens come from @octokit/auth-app, which caches them until shortly before they
 * expire), else with a plain token; undefined when neither is configured.
 */
export function createGitHubApi(
  settings: GitHubApiSettings,
  fetchImpl: typeof fetch = globalThis.fetch,
): GitHubApi | undefined {
  const base = octokitRequest.defaults({
    baseUrl: settings.apiUrl.replace(/\/+$/, ""),
    headers: { "x-github-api-version": "2022-11-28", "user-agent": "databricks-ml-orchestrator" },
    request: { fetch: fetchImpl },
  });
  let authorize: (repo: RepoRef) => Promise<string>;
  let mode: GitHubApi["mode"];
  if (settings.appId && settings.privateKey) {
    const auth = createAppAuth({ appId: settings.appId, privateKey: settings.privateKey, request: base });
    mode = "app";
    authorize = async (repo) => {
      if (repo.installationId === undefined)
        throw new GitHubCallError("authentication", 400, "the deploy names no GitHub App installation");
      const { token } = await auth({ type: "installation", installationId: repo.installationId });
      return `token ${token}`;
    };
  } else if (settings.token) {
    const header = `token ${settings.token}`;
    mode = "token";
    authorize = () => Promise.resolve(header);
  } else {
    return undefined;
  }
  const send =
    (call: string, repo: RepoRef): Send =>
    async (route, params) => {
      const m = REPO.exec(repo.repository);
      if (!m) throw new GitHubCallError(call, 400, "invalid repository name");
      let authorization = "";
      try {
        authorization = await authorize(repo);
        return await base(route, { owner: m[1], repo: m[2], ...params, headers: { authorization } });
      } catch (err) {
        const secrets = [authorization.replace(/^token /, ""), settings.token, settings.privateKey];
        throw toCallError(
          call,
          err,
          secrets.filter((x): x is string => !!x && x.length >= 8),
        );
      }
    };
  return {
    mode,
    async listCheckRuns(repo, sha, name) {
      const { data } = await send("list check runs", repo)(
        "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
        { ref: sha, check_name: name, filter: "all", per_page: 100 },
      );
      return (data as { check_runs: CheckRun[] }).check_runs;
    },
    async createCheckRun(repo, fields) {
      return (await send("create check run", repo)("POST /repos/{owner}/{repo}/check-runs", { ...fields }))
        .data as CheckRun;
    },
    async updateCheckRun(repo, id, fields) {
      return (
        await send("update check run", repo)("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
          check_run_id: id,
          ...fields,
        })
      ).data as CheckRun;
    },
    async listDeployments(repo, sha, environment) {
      return (
        await send("list deployments", repo)("GET /repos/{owner}/{repo}/deployments", {
          sha,
          environment,
          per_page: 100,
        })
      ).data as Deployment[];
    },
    async createDeployment(repo, fields) {
      const { status, data } = await send("create deployment", repo)(
        "POST /repos/{owner}/{repo}/deployments",
        { ...fields },
      );
      // 202 is GitHub's "merged the default branch instead"; with auto_merge off it means something is wrong.
      if (status !== 201) throw new GitHubCallError("create deployment", status, "no deployment created");
      return data as Deployment;
    },
    async createDeploymentStatus(repo, deploymentId, fields) {
      await send("create deployment status", repo)(
        "POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
        { deployment_id: deploymentId, ...fields },
      );
    },
    async createCommitStatus(repo, sha, fields) {
      await send("create commit status", repo)("POST /repos/{owner}/{repo}/statuses/{sha}", {
        sha,
        ...fields,
      });
    },
  };
}
