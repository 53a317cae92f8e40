import { errorText, type HostApi } from "./host-api.js";
import { StepError } from "./runner.js";

/** The local development principal header (PROMOTION_DEV_PRINCIPAL=true; shared/pipelines/promotion/principal.ts). */
export const DEV_PRINCIPAL_HEADER = "x-dev-principal";
/** The two people of the story: the requester and a different approver (four-eyes rule). */
export const ALICE = "alice; roles=Promotion.Request";
export const BOB = "bob; roles=Promotion.Approve";

const as = (principal: string) => ({ [DEV_PRINCIPAL_HEADER]: principal });

/** `GET /api/promotions/{id}` (shared/pipelines/promotion/promotion-view.ts). */
export interface PromotionView {
  readonly id: string;
  readonly kind: "promotion" | "rollback";
  readonly status: string;
  readonly running: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly input: { readonly reason?: string; readonly model?: string } | null;
  readonly progress: Record<string, unknown> | null;
  readonly result: Record<string, unknown> | null;
}

const hint = (status: number) =>
  status === 401 ? " (is PROMOTION_DEV_PRINCIPAL true for the local host?)" : "";

/** Starts a promotion or rollback; returns the instance id from the 202. */
export async function startPromotion(
  api: HostApi,
  path: "/api/promotions" | "/api/promotions/rollback",
  body: Record<string, string>,
  principal: string,
): Promise<string> {
  const response = await api.post(path, body, as(principal));
  if (response.status !== 202)
    throw new StepError(`POST ${path} answered ${errorText(response)}${hint(response.status)}`);
  const id = (response.body as { id?: unknown } | null)?.id;
  if (typeof id !== "string") throw new StepError(`POST ${path} returned no id`);
  return id;
}

export async function getPromotion(api: HostApi, id: string, principal: string): Promise<PromotionView> {
  const response = await api.get(`/api/promotions/${encodeURIComponent(id)}`, as(principal));
  if (response.status !== 200)
    throw new StepError(`GET /api/promotions/${id} answered ${errorText(response)}`);
  return response.body as PromotionView;
}

export async function decide(api: HostApi, id: string, principal: string, comment: string): Promise<void> {
  const path = `/api/promotions/${encodeURIComponent(id)}/approve`;
  const response = await api.post(path, { comment }, as(principal));
  if (response.status !== 202) throw new StepError(`POST ${path} answered ${errorText(response)}`);
}

/** Why a finished promotion or rollback did not do what was asked, from its result. */
export function promotionProblem(
  view: PromotionView,
  wanted: "promoted" | "rolled_back",
): string | undefined {
  if (view.running || view.status === wanted) return undefined;
  const result = view.result ?? {};
  const reasons = Array.isArray(result.reasons) ? (result.reasons as string[]).join("; ") : undefined;
  const detail =
    reasons ??
    (typeof result.reason === "string" ? result.reason : undefined) ??
    (typeof result.message === "string" ? `step ${String(result.step)}: ${result.message}` : undefined);
  return `${view.kind} ${view.id} ended ${view.status}${detail ? `: ${detail}` : ""}`;
}

/** The version an MLflow alias points at (null: unset or no such model), from the stack's MLflow server. */
export async function aliasVersion(mlflowUrl: string, model: string, alias: string): Promise<string | null> {
  const query = `name=${encodeURIComponent(model)}&alias=${encodeURIComponent(alias)}`;
  const response = await fetch(`${mlflowUrl}/api/2.0/mlflow/registered-models/alias?${query}`, {
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status === 404 || response.status === 400) return null;
  if (!response.ok) throw new StepError(`MLflow answered ${response.status} for alias ${alias} of ${model}`);
  const body = (await response.json()) as { model_version?: { version?: string } };
  return body.model_version?.version ?? null;
}
