/** One reportable moment of one bundle's deploy to one target (the ReportDeploy activity's input). */
export type DeployPhase = "queued" | "in_progress" | "success" | "failure" | "skipped";

/** What a plan will do, or what a deploy did. */
export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly delete: number;
}

/** A failure pinned to a line of a bundle's YAML (repository-relative path). */
export interface ReportAnnotation {
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

/**
 * The reporting contract (notes: wiring-contracts.md, "Reporting activities"). JSON only: it crosses
 * the durable boundary. `correlationId` identifies one deploy attempt (the caller's instance id), so a
 * retried or replayed report finds what the first one created instead of creating it again.
 */
export interface DeployReport {
  readonly repository: string;
  readonly installationId?: number;
  readonly sha: string;
  readonly target: string;
  readonly bundle: string;
  /** The target workspace's URL: the deployment's environment_url and the check run's details link. */
  readonly environmentUrl?: string;
  readonly phase: DeployPhase;
  readonly plan?: PlanCounts;
  readonly message?: string;
  readonly annotations?: readonly ReportAnnotation[];
  readonly correlationId: string;
}

/** Whether GitHub shows the report; `detail` says what was written or why not. Never an exception. */
export interface ReportResult {
  readonly reported: boolean;
  readonly detail?: string;
}

/** The check run and commit status name: one per target and bundle, so environments never overwrite each other. */
export function deployCheckName(target: string, bundle: string): string {
  return `deploy/${target}/${bundle}`;
}

/** "N to add, M to change, K to delete" (Terraform's and the Databricks CLI's wording). */
export function planLine(plan: PlanCounts): string {
  return `${plan.add} to add, ${plan.change} to change, ${plan.delete} to delete`;
}
