import { codeForStatus, DatabricksError, isRetryable, redact } from "./errors.js";

/** What a failed response told us, before it becomes a {@link DatabricksError}. */
export interface FailedResponse {
  method: string;
  path: string;
  status: number;
  bodyText: string;
  requestId: string | undefined;
  secrets: readonly string[];
  attempts: number;
}

interface ParsedBody {
  code?: string | undefined;
  message?: string | undefined;
}

/**
 * Reads the error shapes Databricks answers with: `{error_code, message}` (REST 2.x and MLflow),
 * `{error}` (API 1.2) and SCIM's `{detail, status}` — the same set the Go SDK's apierr parser handles.
 */
function parseBody(text: string): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text.trim() === "" ? {} : { message: text.slice(0, 500) };
  }
  if (typeof json !== "object" || json === null) return {};
  const body = json as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
  const code =
    str(body.error_code) ?? (typeof body.error_code === "number" ? String(body.error_code) : undefined);
  if (str(body.detail) !== undefined && str(body.message) === undefined) {
    return { code: `SCIM_${str(body.status) ?? "ERROR"}`, message: str(body.detail) };
  }
  return { code, message: str(body.message) ?? str(body.error) };
}

/**
 * Jobs answers some lookups of missing runs/jobs with 400 INVALID_PARAMETER_VALUE; like the Go SDK's
 * error overrides, normalise those to RESOURCE_DOES_NOT_EXIST so callers branch on one code.
 */
function override(path: string, status: number, code: string, message: string): string {
  const jobsLookup = /^\/api\/2\.\d\/jobs\/(get|runs\/get)/.test(path);
  const missing = /(Job|Run) .* does not exist|Run: .* in job: .* doesn't exist/.test(message);
  return jobsLookup && status === 400 && code === "INVALID_PARAMETER_VALUE" && missing
    ? "RESOURCE_DOES_NOT_EXIST"
    : code;
}

/** Builds the typed error for a non-2xx response. */
export function errorFromResponse(r: FailedResponse): DatabricksError {
  const parsed = parseBody(r.bodyText);
  const rawCode = parsed.code ?? codeForStatus(r.status);
  const message = parsed.message ?? `HTTP ${r.status}`;
  const errorCode = override(r.path, r.status, rawCode, message);
  return new DatabricksError({
    errorCode,
    status: r.status,
    requestId: r.requestId,
    retryable: isRetryable(errorCode, r.status),
    attempts: r.attempts,
    message: redact(`${r.method} ${r.path} failed: ${errorCode}: ${message}`, r.secrets),
  });
}
