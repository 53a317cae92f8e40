import type { IncomingMessage, ServerResponse } from "node:http";
import type { StandInState } from "./standin-state.js";
import { validationFailed, type FieldError } from "./standin-report-rules.js";

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: string[],
  body: Record<string, unknown>,
) => unknown;
export type Send = (res: ServerResponse, status: number, body: unknown) => void;
export type Route = [RegExp, string, Handler];

export const REPO = "/repos/([^/]+)/([^/]+)";
export const query = (req: IncomingMessage) => new URL(req.url ?? "/", "http://localhost").searchParams;
/** GitHub's `per_page` (default 30, at most 100) and `page` (from 1). */
export const page = <T>(req: IncomingMessage, items: T[]) => {
  const perPage = Math.min(100, Number(query(req).get("per_page") ?? 30) || 30);
  const n = Math.max(1, Number(query(req).get("page") ?? 1) || 1);
  return items.slice((n - 1) * perPage, n * perPage);
};

/** Answers GitHub's 422 when there are errors; true when it did. */
export const rejectInvalid = (json: Send, res: ServerResponse, errors: FieldError[]): boolean =>
  errors.length ? (json(res, 422, validationFailed(errors)), true) : false;

/** Everything the reporting routes need from the stand-in. */
export interface ReportRouteDeps {
  readonly state: StandInState;
  readonly now: () => Date;
  readonly json: Send;
}
