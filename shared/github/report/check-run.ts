import { RERUN_ACTION } from "../rerun-route.js";
import type { CheckRunAction, CheckRunAnnotation, CheckRunFields } from "./github-api.js";
import { deployCheckName, planLine, type DeployReport } from "./deploy-report.js";
import { MAX_OUTPUT_CHARS, truncate } from "./limits.js";

/** The "Re-run" button; its identifier comes back in `check_run.requested_action` (rerun-route.ts). */
export const RERUN_BUTTON: CheckRunAction = Object.freeze({
  label: "Re-run",
  description: "Deploy this commit to the target again",
  identifier: RERUN_ACTION,
});

/** The check run fields for one phase, with the annotations kept apart: they go out 50 per request. */
export interface CheckRunUpdate {
  readonly fields: CheckRunFields & { readonly output: { readonly title: string; readonly summary: string } };
  readonly annotations: readonly CheckRunAnnotation[];
}

const headline = (r: DeployReport) =>
  `Bundle \`${r.bundle}\` at \`${r.sha.slice(0, 7)}\` → target \`${r.target}\``;

function content(r: DeployReport): { title: string; summary: string; text?: string } {
  const plan = r.plan === undefined ? undefined : planLine(r.plan);
  const msg = r.message?.trim();
  switch (r.phase) {
    case "queued":
      return { title: "Queued", summary: `${headline(r)}: waiting for the target's deploy lease.` };
    case "in_progress":
      return {
        title: plan === undefined ? "Deploying" : `Deploying: ${plan}`,
        summary: `${headline(r)}: deploying.${plan === undefined ? "" : `\n\nPlan: ${plan}.`}`,
      };
    case "success":
      return {
        title: plan === undefined ? "Deployed" : `Deployed: ${plan}`,
        summary: `${headline(r)}: deployed.${plan === undefined ? "" : `\n\nPlan applied: ${plan}.`}`,
        ...(msg ? { text: msg } : {}),
      };
    case "failure":
      return {
        title: "Deploy failed",
        summary: `${headline(r)}: the deploy failed.${msg ? `\n\n${msg}` : ""}`,
        ...(r.annotations?.length
          ? { text: `${r.annotations.length} problem(s) annotated on the bundle's files.` }
          : {}),
      };
    case "skipped":
      return {
        title: "Skipped",
        summary: `${headline(r)}: skipped. ${msg ?? "A newer commit superseded it."}`,
      };
  }
}

function phaseFields(r: DeployReport, now: string): CheckRunFields {
  switch (r.phase) {
    case "queued":
      return { status: "queued" };
    case "in_progress":
      return { status: "in_progress", started_at: now };
    case "success":
    case "failure":
    case "skipped":
      return { status: "completed", conclusion: r.phase, completed_at: now, actions: [RERUN_BUTTON] };
  }
}

/** Builds the check run update for a report; summary and text cut to GitHub's 65,535 characters. */
export function checkRunUpdate(r: DeployReport, now: string): CheckRunUpdate {
  const { title, summary, text } = content(r);
  const annotations = (r.annotations ?? []).map((a): CheckRunAnnotation => ({
    path: a.path,
    start_line: Math.max(1, Math.trunc(a.line)),
    end_line: Math.max(1, Math.trunc(a.line)),
    annotation_level: "failure",
    message: truncate(a.message, MAX_OUTPUT_CHARS),
  }));
  return {
    fields: {
      name: deployCheckName(r.target, r.bundle),
      external_id: r.correlationId,
      ...(r.environmentUrl === undefined ? {} : { details_url: r.environmentUrl }),
      ...phaseFields(r, now),
      output: {
        title,
        summary: truncate(summary, MAX_OUTPUT_CHARS),
        ...(text === undefined ? {} : { text: truncate(text, MAX_OUTPUT_CHARS) }),
      },
    },
    annotations,
  };
}

const RANK: Readonly<Record<string, number>> = { queued: 0, in_progress: 1, completed: 2 };

/** Whether a run's current status is already past the update's: a late report must not move it back. */
export function isBehind(current: string, next: string | undefined): boolean {
  return (RANK[current] ?? 0) > (RANK[next ?? "queued"] ?? 0);
}
