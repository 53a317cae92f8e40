import { defineActivity } from "../../durable/contracts.js";
import { RetryPolicies } from "../../durable/retry-policies.js";
import type { DeployReport, ReportResult } from "../../github/report/deploy-report.js";

/** Input of {@link ReportDeploy} (notes: wiring-contracts.md, "Reporting activities"). */
export type ReportDeployInput = DeployReport;
/** Output of {@link ReportDeploy}: `reported: false` when GitHub could not be told. */
export type ReportDeployOutput = ReportResult;

/**
 * Reports one phase of one bundle's deploy to GitHub: check run `deploy/<target>/<bundle>` (or a commit
 * status with a token only) and the target environment's Deployment. It retries GitHub itself and
 * answers `reported: false` instead of throwing, so reporting never fails a deploy; the retry policy
 * here only covers the activity dying (host crash). Stored in history: never rename it.
 */
export const ReportDeploy = defineActivity<ReportDeployInput, ReportDeployOutput>("ReportDeploy", {
  retry: RetryPolicies.reporting,
});
