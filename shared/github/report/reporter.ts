import type { Logger } from "../../runtime/logger.js";
import { GitHubCallError, type GitHubApi } from "./github-api.js";
import type { DeployReport, ReportResult } from "./deploy-report.js";
import { reportCheckRun, reportCommitStatus, reportDeployment } from "./surfaces.js";

export interface DeployReporterDeps {
  /** undefined: no GitHub credentials configured; every report answers `reported: false`. */
  readonly api: GitHubApi | undefined;
  readonly log: Logger;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Tries per report, first included. */
  readonly attempts?: number;
  /** Pause before the second try; doubles after each. */
  readonly backoffMs?: number;
}

export interface DeployReporter {
  report(r: DeployReport): Promise<ReportResult>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reports a deploy phase on GitHub: the check run (App) or a commit status (token only), and the
 * Deployment of the target's environment. Reporting is informational: GitHub failing, or not being
 * configured, yields `reported: false` after a few tries and never an exception, so it cannot fail a deploy.
 * Every step looks up what an earlier try created first, so the whole report is safe to repeat.
 */
export function createDeployReporter(deps: DeployReporterDeps): DeployReporter {
  const { api, log } = deps;
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? defaultSleep;
  const attempts = Math.max(1, deps.attempts ?? 3);
  const backoffMs = deps.backoffMs ?? 1_000;
  return {
    async report(r) {
      const fields = {
        repository: r.repository,
        sha: r.sha,
        target: r.target,
        bundle: r.bundle,
        phase: r.phase,
        correlationId: r.correlationId,
      };
      if (api === undefined) {
        log.debug("deploy report skipped: GitHub not configured", fields);
        return { reported: false, detail: "GitHub reporting is not configured" };
      }
      for (let attempt = 1; ; attempt++) {
        try {
          const checks =
            api.mode === "app"
              ? await reportCheckRun(api, r, now().toISOString())
              : await reportCommitStatus(api, r);
          const deployment = await reportDeployment(api, r);
          log.info("deploy reported", { ...fields, checks, deployment });
          return { reported: true, detail: `${checks}; ${deployment}` };
        } catch (err) {
          const known = err instanceof GitHubCallError;
          const retryable = known && err.retryable && attempt < attempts;
          // Our own errors carry GitHub's status and message only; anything else is summarised by name.
          const detail = known
            ? err.message
            : `reporting failed (${err instanceof Error ? err.name : "unknown error"})`;
          log.warn("deploy report failed", {
            ...fields,
            attempt,
            retryable,
            status: known ? err.status : undefined,
            detail,
          });
          if (!retryable) return { reported: false, detail };
          await sleep(backoffMs * 2 ** (attempt - 1));
        }
      }
    },
  };
}
