import { createAppAuth } from "@octokit/auth-app";
import { request as octokitRequest } from "@octokit/request";
import { UpstreamError, ValidationError } from "../errors/taxonomy.js";
import type { SourceFetcher } from "../pipelines/deploy-on-push/source.activities.js";

/** How the app reaches GitHub as a GitHub App; the private key comes from Key Vault in Azure. */
export interface GithubAppCredentials {
  /** `https://api.github.com`, a GHES `/api/v3` URL, or the local stand-in. */
  readonly apiUrl: string;
  readonly appId: string;
  readonly privateKey: string;
}

// The compare API lists at most 300 files; a list that long may be cut, so it cannot decide alone.
const MAX_COMPARE_FILES = 300;
const REPO = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
const SHA = /^[0-9a-f]{40}$/;

function failure(status: number, what: string): Error {
  // 404/403: the commit is gone or the installation lost access; retrying cannot help.
  if (status === 404 || status === 403 || status === 401) {
    return new ValidationError(`GitHub refused the ${what} (${status})`, { code: "SOURCE_UNAVAILABLE" });
  }
  return new UpstreamError(`GitHub answered ${status} to the ${what}`, { code: "GITHUB_UNAVAILABLE" });
}

/**
 * The production {@link SourceFetcher}: installation tokens through @octokit/auth-app (cached by it until
 * shortly before they expire), then the tarball and compare endpoints with that token.
 */
export function createGithubSourceFetcher(
  app: GithubAppCredentials,
  fetchImpl: typeof fetch = globalThis.fetch,
): SourceFetcher {
  const base = app.apiUrl.replace(/\/+$/, "");
  const auth = createAppAuth({
    appId: app.appId,
    privateKey: app.privateKey,
    request: octokitRequest.defaults({ baseUrl: base, request: { fetch: fetchImpl } }),
  });
  const installations = new Map<string, number>();
  /**
   * The App's installation on a repository, for requests that carry none (a promotion or a rollback
   * deploys a recorded commit, not a delivery): `GET /repos/{owner}/{repo}/installation` with the App JWT.
   */
  async function installationOf(repository: string): Promise<number> {
    const known = installations.get(repository);
    if (known !== undefined) return known;
    const { token: jwt } = await auth({ type: "app" });
    const res = await fetchImpl(`${base}/repos/${repository}/installation`, {
      headers: {
        authorization: `Bearer ${jwt}`,
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
      },
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw failure(res.status, "installation lookup (is the GitHub App installed on the repository?)");
    }
    const { id } = (await res.json()) as { id?: unknown };
    if (typeof id !== "number")
      throw new UpstreamError("GitHub sent no installation id", { code: "GITHUB_UNAVAILABLE" });
    installations.set(repository, id);
    return id;
  }
  async function get(
    repository: string,
    installationId: number | undefined,
    path: string,
    what: string,
  ): Promise<Response> {
    if (!REPO.test(repository))
      throw new ValidationError("Invalid repository name", { code: "SOURCE_UNAVAILABLE" });
    const installation = installationId ?? (await installationOf(repository));
    const { token } = await auth({ type: "installation", installationId: installation });
    const res = await fetchImpl(`${base}/repos/${repository}/${path}`, {
      headers: {
        authorization: `token ${token}`,
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
      },
      redirect: "follow",
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw failure(res.status, what);
    }
    return res;
  }
  return {
    async tarball(repository, installationId, sha) {
      if (!SHA.test(sha)) throw new ValidationError("Invalid commit SHA", { code: "SOURCE_UNAVAILABLE" });
      const res = await get(repository, installationId, `tarball/${sha}`, "tarball download");
      if (res.body === null)
        throw new UpstreamError("GitHub sent an empty tarball", { code: "GITHUB_UNAVAILABLE" });
      return res.body;
    },
    async changedPaths(repository, installationId, baseSha, head) {
      if (!SHA.test(baseSha) || !SHA.test(head))
        throw new ValidationError("Invalid commit SHA", { code: "SOURCE_UNAVAILABLE" });
      const res = await get(repository, installationId, `compare/${baseSha}...${head}`, "comparison");
      const body = (await res.json()) as { files?: { filename: string; previous_filename?: string }[] };
      const files = body.files ?? [];
      if (files.length >= MAX_COMPARE_FILES) return undefined;
      return [
        ...new Set(
          files.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename])),
        ),
      ];
    },
  };
}
