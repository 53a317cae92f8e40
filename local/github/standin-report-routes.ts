import { checkRunRoutes } from "./standin-check-routes.js";
import { deploymentRoutes } from "./standin-deployment-routes.js";
import type { ReportRouteDeps, Route } from "./standin-report-http.js";

/**
 * The reporting routes of the GitHub stand-in: check runs, deployments and their statuses, commit
 * statuses and commit comments, with GitHub's response shapes and its 422s (standin-report-rules.ts).
 */
export function reportRoutes(deps: ReportRouteDeps): Route[] {
  return [...checkRunRoutes(deps), ...deploymentRoutes(deps)];
}
