import type { StandInState } from "./standin-state.js";
import { checkRunErrors } from "./standin-report-rules.js";
import { page, query, rejectInvalid, REPO, type ReportRouteDeps, type Route } from "./standin-report-http.js";

/** Applies a validated create/update to a check run the way GitHub does (annotations append). */
function writeCheckRun(
  state: StandInState,
  id: number | undefined,
  body: Record<string, unknown>,
  now: string,
) {
  const runId = id ?? state.nextId++;
  const previous = state.checkRuns.get(runId) ?? {
    id: runId,
    external_id: "",
    status: "queued",
    conclusion: null,
    started_at: now,
    completed_at: null,
    details_url: null,
    output: { title: null, summary: null, text: null, annotations_count: 0 },
    app: { slug: "local-stand-in" },
  };
  const { output, ...fields } = body as { output?: Record<string, unknown> } & Record<string, unknown>;
  const run: Record<string, unknown> = { ...previous, ...fields };
  if (run.conclusion !== null && run.conclusion !== undefined) run.status = "completed";
  if (run.status === "completed") run.completed_at ??= now;
  const annotations = [
    ...(state.checkRunAnnotations.get(runId) ?? []),
    ...((output?.annotations as Record<string, unknown>[]) ?? []),
  ];
  state.checkRunAnnotations.set(runId, annotations);
  const { annotations: _sent, ...shown } = output ?? {};
  run.output = { ...(previous.output as object), ...shown, annotations_count: annotations.length };
  state.checkRuns.set(runId, run);
  return run;
}

/** Check runs: create, update (annotations append), list for a ref by name (filter latest or all). */
export function checkRunRoutes({ state, now, json }: ReportRouteDeps): Route[] {
  const invalid = rejectInvalid.bind(null, json);
  return [
    [
      new RegExp(`^${REPO}/check-runs$`),
      "POST",
      (_q, res, _p, body) =>
        invalid(res, checkRunErrors(body, true)) ||
        json(res, 201, writeCheckRun(state, undefined, body, now().toISOString())),
    ],
    [
      new RegExp(`^${REPO}/check-runs/(\\d+)$`),
      "PATCH",
      (_q, res, [, , id], body) => {
        if (!state.checkRuns.has(Number(id))) return json(res, 404, { message: "Not Found" });
        const { head_sha: _ignored, ...fields } = body;
        return (
          invalid(res, checkRunErrors(fields, false)) ||
          json(res, 200, writeCheckRun(state, Number(id), fields, now().toISOString()))
        );
      },
    ],
    [
      new RegExp(`^${REPO}/commits/([^/]+)/check-runs$`),
      "GET",
      (req, res, [, , ref]) => {
        const q = query(req);
        let runs = [...state.checkRuns.values()].filter(
          (r) =>
            r.head_sha === ref &&
            (!q.get("check_name") || r.name === q.get("check_name")) &&
            (!q.get("status") || r.status === q.get("status")),
        );
        // filter=latest (the default) keeps only the most recent run of each name.
        if (q.get("filter") !== "all")
          runs = runs.filter((r) => !runs.some((o) => o.name === r.name && Number(o.id) > Number(r.id)));
        runs.sort((a, b) => Number(b.id) - Number(a.id));
        json(res, 200, { total_count: runs.length, check_runs: page(req, runs) });
      },
    ],
  ];
}
