/**
 * The few GitHub REST calls deploy reporting makes, declared by their user so tests pass a fake and
 * the stand-in or github.com sit behind one factory ({@link ./octokit-api.ts}). Bodies use GitHub's
 * field names, so the HTTP implementation forwards them unchanged.
 */

/** Which repository a call is about, and which App installation may write to it. */
export interface RepoRef {
  /** `owner/name`. */
  readonly repository: string;
  /** Needed when authenticating as a GitHub App; ignored with a plain token. */
  readonly installationId?: number;
}

export interface CheckRunAnnotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: "notice" | "warning" | "failure";
  readonly message: string;
  readonly title?: string;
}

export interface CheckRunOutput {
  readonly title: string;
  readonly summary: string;
  readonly text?: string;
  readonly annotations?: readonly CheckRunAnnotation[];
}

export interface CheckRunAction {
  readonly label: string;
  readonly description: string;
  readonly identifier: string;
}

/** The writable fields of a check run (create and update share them, except `head_sha`). */
export interface CheckRunFields {
  readonly name?: string;
  readonly external_id?: string;
  readonly details_url?: string;
  readonly status?: "queued" | "in_progress" | "completed";
  readonly conclusion?: "success" | "failure" | "skipped" | "cancelled" | "neutral";
  readonly started_at?: string;
  readonly completed_at?: string;
  readonly output?: CheckRunOutput;
  readonly actions?: readonly CheckRunAction[];
}

/** The parts of GitHub's check run object reporting reads. */
export interface CheckRun {
  readonly id: number;
  readonly name: string;
  readonly head_sha: string;
  readonly external_id: string | null;
  readonly status: string;
  readonly conclusion: string | null;
  readonly output?: { readonly annotations_count?: number };
}

export interface DeploymentFields {
  readonly ref: string;
  readonly environment: string;
  readonly task?: string;
  readonly description?: string;
  readonly auto_merge: boolean;
  readonly required_contexts: readonly string[];
  readonly transient_environment: boolean;
  readonly payload: Readonly<Record<string, string>>;
}

export interface Deployment {
  readonly id: number;
  readonly sha: string;
  readonly environment: string;
  readonly payload: unknown;
}

export type DeploymentState = "queued" | "in_progress" | "success" | "failure" | "error" | "inactive";

export interface DeploymentStatusFields {
  readonly state: DeploymentState;
  readonly description?: string;
  readonly environment_url?: string;
  readonly log_url?: string;
}

export interface CommitStatusFields {
  readonly state: "pending" | "success" | "failure" | "error";
  readonly context: string;
  readonly description?: string;
  readonly target_url?: string;
}

/**
 * GitHub as reporting sees it. `mode` says how it authenticates: an App can write check runs; a plain
 * token (a PAT, or a workflow's GITHUB_TOKEN) falls back to commit statuses.
 */
export interface GitHubApi {
  readonly mode: "app" | "token";
  /** Check runs of `sha` with this exact name (GitHub: `GET /commits/{ref}/check-runs?check_name=`, filter all). */
  listCheckRuns(repo: RepoRef, sha: string, name: string): Promise<readonly CheckRun[]>;
  createCheckRun(
    repo: RepoRef,
    fields: CheckRunFields & { name: string; head_sha: string },
  ): Promise<CheckRun>;
  updateCheckRun(repo: RepoRef, id: number, fields: CheckRunFields): Promise<CheckRun>;
  listDeployments(repo: RepoRef, sha: string, environment: string): Promise<readonly Deployment[]>;
  createDeployment(repo: RepoRef, fields: DeploymentFields): Promise<Deployment>;
  createDeploymentStatus(repo: RepoRef, deploymentId: number, fields: DeploymentStatusFields): Promise<void>;
  createCommitStatus(repo: RepoRef, sha: string, fields: CommitStatusFields): Promise<void>;
}

/** A GitHub call that failed with an HTTP status (0: no answer). Its message never carries credentials. */
export class GitHubCallError extends Error {
  constructor(
    readonly call: string,
    readonly status: number,
    detail: string,
  ) {
    super(`GitHub ${call} failed (${status === 0 ? "no answer" : status}): ${detail}`);
    this.name = "GitHubCallError";
  }

  /** 5xx, 429, secondary rate limits (403 with a retry hint is reported as 429 by the factory) and no answer. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}
