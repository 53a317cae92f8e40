import { deploymentErrors, statusErrors, validationFailed } from "./standin-report-rules.js";
import { page, query, rejectInvalid, REPO, type ReportRouteDeps, type Route } from "./standin-report-http.js";

/**
 * Deployments (create with GitHub's commit status check unless required_contexts is given, list by
 * sha/ref/task/environment newest first), deployment statuses, commit statuses and commit comments
 * (create, and list per commit oldest first, as GitHub pages them).
 */
export function deploymentRoutes({ state, now, json }: ReportRouteDeps): Route[] {
  const invalid = rejectInvalid.bind(null, json);
  const latestStatus = (sha: string) => {
    const byContext = new Map<string, unknown>();
    for (const s of state.commitStatuses) if (s.sha === sha) byContext.set(String(s.context), s.state);
    return byContext;
  };
  return [
    [
      new RegExp(`^${REPO}/deployments$`),
      "POST",
      (_q, res, _p, body) => {
        if (invalid(res, deploymentErrors(body))) return;
        const ref = String(body.ref);
        if (!/^[0-9a-f]{40}$/.test(ref)) return json(res, 422, { message: `No ref found for: ${ref}` });
        // Without required_contexts GitHub checks every status context of the commit first.
        const failing =
          body.required_contexts === undefined
            ? [...latestStatus(ref)].filter(([, s]) => s !== "success").map(([c]) => c)
            : [];
        if (failing.length)
          return json(res, 409, {
            message: `Conflict: Commit status checks failed for ${ref}.`,
            errors: failing.map((c) => ({ contexts: [{ context: c }] })),
          });
        const environment = typeof body.environment === "string" ? body.environment : "production";
        const at = now().toISOString();
        const payload =
          typeof body.payload === "string" ? (JSON.parse(body.payload) as unknown) : (body.payload ?? {});
        const deployment = {
          id: state.nextId++,
          sha: ref,
          ref,
          task: body.task ?? "deploy",
          payload,
          environment,
          original_environment: environment,
          description: body.description ?? null,
          transient_environment: body.transient_environment ?? false,
          production_environment: body.production_environment ?? environment === "production",
          auto_merge: body.auto_merge ?? true,
          required_contexts: body.required_contexts ?? null,
          created_at: at,
          updated_at: at,
        };
        state.deployments.set(deployment.id, deployment);
        json(res, 201, deployment);
      },
    ],
    [
      new RegExp(`^${REPO}/deployments$`),
      "GET",
      (req, res) => {
        const q = query(req);
        const match = (d: Record<string, unknown>) =>
          ["sha", "ref", "task", "environment"].every((f) => !q.get(f) || d[f] === q.get(f));
        json(
          res,
          200,
          page(
            req,
            [...state.deployments.values()].filter(match).sort((a, b) => Number(b.id) - Number(a.id)),
          ),
        );
      },
    ],
    [
      new RegExp(`^${REPO}/deployments/(\\d+)/statuses$`),
      "POST",
      (_q, res, [, , id], body) => {
        const deployment = state.deployments.get(Number(id));
        if (deployment === undefined) return json(res, 404, { message: "Not Found" });
        if (invalid(res, statusErrors(body, "DeploymentStatus"))) return;
        const status = {
          id: state.nextId++,
          state: body.state,
          description: body.description ?? "",
          environment: deployment.environment,
          environment_url: body.environment_url ?? "",
          log_url: body.log_url ?? "",
          target_url: body.target_url ?? body.log_url ?? "",
          created_at: now().toISOString(),
        };
        state.deploymentStatuses.set(Number(id), [
          ...(state.deploymentStatuses.get(Number(id)) ?? []),
          status,
        ]);
        json(res, 201, status);
      },
    ],
    [
      new RegExp(`^${REPO}/deployments/(\\d+)/statuses$`),
      "GET",
      (req, res, [, , id]) =>
        state.deployments.has(Number(id))
          ? json(res, 200, page(req, [...(state.deploymentStatuses.get(Number(id)) ?? [])].reverse()))
          : json(res, 404, { message: "Not Found" }),
    ],
    [
      new RegExp(`^${REPO}/statuses/([0-9a-f]{40})$`),
      "POST",
      (_q, res, [, , sha], body) => {
        if (invalid(res, statusErrors(body, "Status"))) return;
        const context = typeof body.context === "string" ? body.context : "default";
        if (state.commitStatuses.filter((s) => s.sha === sha && s.context === context).length >= 1000) {
          return json(
            res,
            422,
            validationFailed([
              {
                resource: "Status",
                field: "context",
                code: "custom",
                message: "This SHA and context has reached the maximum number of statuses.",
              },
            ]),
          );
        }
        const at = now().toISOString();
        const status = {
          id: state.nextId++,
          sha,
          state: body.state,
          context,
          description: body.description ?? null,
          target_url: body.target_url ?? null,
          created_at: at,
          updated_at: at,
        };
        state.commitStatuses.push(status);
        json(res, 201, status);
      },
    ],
    [
      new RegExp(`^${REPO}/commits/([0-9a-f]{40})/comments$`),
      "POST",
      (_q, res, [, , sha], body) => {
        if (typeof body.body !== "string" || body.body === "")
          return invalid(res, [{ resource: "CommitComment", field: "body", code: "missing_field" }]);
        const comment = {
          id: state.nextId++,
          commit_id: sha,
          body: body.body,
          path: body.path ?? null,
          position: body.position ?? null,
          line: body.line ?? null,
          created_at: now().toISOString(),
        };
        state.commitComments.push(comment);
        return json(res, 201, comment);
      },
    ],
    [
      new RegExp(`^${REPO}/commits/([0-9a-f]{40})/comments$`),
      "GET",
      (req, res, [, , sha]) =>
        json(
          res,
          200,
          page(
            req,
            state.commitComments.filter((c) => c.commit_id === sha),
          ),
        ),
    ],
  ];
}
