import {
  GitHubCallError,
  type CheckRun,
  type CheckRunFields,
  type Deployment,
  type DeploymentFields,
  type DeploymentStatusFields,
  type CommitStatusFields,
  type GitHubApi,
} from "../../../../shared/github/report/github-api.js";
import { MAX_ANNOTATIONS_PER_REQUEST, MAX_OUTPUT_CHARS } from "../../../../shared/github/report/limits.js";

type Run = CheckRun & { fields: CheckRunFields; annotations: unknown[] };

/**
 * GitHub's check run, deployment and status semantics in memory: annotations append across updates,
 * and the limits GitHub enforces answer 422 (so a reporter that ignores them fails the test).
 * `failNext(call, status, times)` makes the next calls of that name fail like GitHub would.
 */
export class FakeGitHubApi implements GitHubApi {
  readonly runs: Run[] = [];
  readonly deployments: (Deployment & { fields: DeploymentFields; statuses: DeploymentStatusFields[] })[] =
    [];
  readonly commitStatuses: (CommitStatusFields & { sha: string })[] = [];
  readonly calls: { call: string; annotations?: number }[] = [];
  private readonly failures = new Map<string, { status: number; times: number }>();
  private nextId = 1;

  constructor(readonly mode: "app" | "token" = "app") {}

  failNext(call: string, status: number, times = 1): void {
    this.failures.set(call, { status, times });
  }

  private enter(call: string, annotations?: number): void {
    this.calls.push({ call, ...(annotations === undefined ? {} : { annotations }) });
    const f = this.failures.get(call);
    if (f && f.times > 0) {
      f.times--;
      throw new GitHubCallError(call, f.status, "fake failure");
    }
  }

  private validate(fields: CheckRunFields): void {
    const o = fields.output;
    if ((o?.annotations?.length ?? 0) > MAX_ANNOTATIONS_PER_REQUEST)
      throw new GitHubCallError("check run", 422, "too many annotations");
    if ((o?.summary.length ?? 0) > MAX_OUTPUT_CHARS || (o?.text?.length ?? 0) > MAX_OUTPUT_CHARS)
      throw new GitHubCallError("check run", 422, "output too long");
    if (
      fields.actions?.some(
        (a) => a.identifier.length > 20 || a.label.length > 20 || a.description.length > 40,
      )
    )
      throw new GitHubCallError("check run", 422, "bad action");
  }

  private apply(run: Run, fields: CheckRunFields): Run {
    this.validate(fields);
    run.annotations.push(...(fields.output?.annotations ?? []));
    const merged: Run = {
      ...run,
      fields: { ...run.fields, ...fields },
      status: fields.conclusion ? "completed" : (fields.status ?? run.status),
      conclusion: fields.conclusion ?? run.conclusion,
      external_id: fields.external_id ?? run.external_id,
      output: { annotations_count: run.annotations.length },
    };
    this.runs[this.runs.indexOf(run)] = merged;
    return merged;
  }

  listCheckRuns(_repo: unknown, sha: string, name: string): Promise<readonly CheckRun[]> {
    this.enter("listCheckRuns");
    return Promise.resolve(
      this.runs.filter((r) => r.head_sha === sha && r.name === name).map((r) => structuredClone(r)),
    );
  }

  createCheckRun(
    _repo: unknown,
    fields: CheckRunFields & { name: string; head_sha: string },
  ): Promise<CheckRun> {
    this.enter("createCheckRun", fields.output?.annotations?.length ?? 0);
    if (this.mode !== "app")
      throw new GitHubCallError("createCheckRun", 403, "Resource not accessible by integration");
    const run: Run = {
      id: this.nextId++,
      name: fields.name,
      head_sha: fields.head_sha,
      external_id: null,
      status: "queued",
      conclusion: null,
      fields: {},
      annotations: [],
    };
    this.runs.push(run);
    return Promise.resolve(this.apply(run, fields));
  }

  updateCheckRun(_repo: unknown, id: number, fields: CheckRunFields): Promise<CheckRun> {
    this.enter("updateCheckRun", fields.output?.annotations?.length ?? 0);
    const run = this.runs.find((r) => r.id === id);
    if (!run) throw new GitHubCallError("updateCheckRun", 404, "Not Found");
    return Promise.resolve(this.apply(run, fields));
  }

  listDeployments(_repo: unknown, sha: string, environment: string): Promise<readonly Deployment[]> {
    this.enter("listDeployments");
    return Promise.resolve(this.deployments.filter((d) => d.sha === sha && d.environment === environment));
  }

  createDeployment(_repo: unknown, fields: DeploymentFields): Promise<Deployment> {
    this.enter("createDeployment");
    const d = {
      id: this.nextId++,
      sha: fields.ref,
      environment: fields.environment,
      payload: fields.payload,
      fields,
      statuses: [],
    };
    this.deployments.push(d);
    return Promise.resolve(d);
  }

  createDeploymentStatus(_repo: unknown, id: number, fields: DeploymentStatusFields): Promise<void> {
    this.enter("createDeploymentStatus");
    if ((fields.description?.length ?? 0) > 140)
      throw new GitHubCallError("createDeploymentStatus", 422, "description is too long");
    this.deployments.find((d) => d.id === id)?.statuses.push(fields);
    return Promise.resolve();
  }

  createCommitStatus(_repo: unknown, sha: string, fields: CommitStatusFields): Promise<void> {
    this.enter("createCommitStatus");
    if ((fields.description?.length ?? 0) > 140)
      throw new GitHubCallError("createCommitStatus", 422, "description is too long");
    this.commitStatuses.push({ sha, ...fields });
    return Promise.resolve();
  }
}
