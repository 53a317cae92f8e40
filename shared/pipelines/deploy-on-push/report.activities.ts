import type { DeployReporter } from "../../github/report/reporter.js";
import type { ReportDeployInput, ReportDeployOutput } from "./report.contracts.js";

/** What the reporting activity needs; the composition root builds the reporter from the GitHub settings. */
export interface ReportActivityDeps {
  /** Built lazily (inside the activity), so a worker that never reports never reads GitHub settings. */
  readonly reporter: () => DeployReporter;
}

/** The reporting activity, registered with `implement(ReportDeploy, …)` in functions/. Safe to run twice. */
export function createReportActivities(deps: ReportActivityDeps) {
  return {
    reportDeploy(input: ReportDeployInput): Promise<ReportDeployOutput> {
      return deps.reporter().report(input);
    },
  };
}
