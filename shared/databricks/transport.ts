import { attemptOnce, type AttemptTarget } from "./attempt.js";
import { cancelled } from "./attempt-outcome.js";
import type { DatabricksAuth } from "./auth.js";
import type { Clock } from "./clock.js";
import { DatabricksError } from "./errors.js";
import { type ApiRequest, buildUrl, type FetchLike, type Transport } from "./http.js";
import { stringifyJson } from "./int64.js";
import type { DatabricksLogger } from "./logger.js";
import type { RateLimiter } from "./rate-limit.js";
import { backoffMs, type RetryPolicy } from "./retry.js";

/** Everything the transport is built from; the factory fills the defaults. */
export interface TransportDeps {
  host: string;
  auth: DatabricksAuth;
  fetch: FetchLike;
  clock: Clock;
  logger: DatabricksLogger;
  retry: RetryPolicy;
  limiter: RateLimiter;
  timeoutMs: number;
  userAgent: string;
}

/** Retries only what is safe to repeat, within the attempt and wait budget; see {@link ApiRequest}. */
export function createTransport(deps: TransportDeps): Transport {
  return {
    async call<T>(req: ApiRequest): Promise<T> {
      const idempotent = req.method === "GET" || req.idempotent === true;
      const body = req.rawBody ?? (req.body === undefined ? undefined : stringifyJson(req.body));
      // Built once per call; the deps are passed as they are (no per-attempt copies: see headersOf).
      const target: AttemptTarget = { url: buildUrl(deps.host, req.path, req.query), body };
      let waitedMs = 0;
      for (let attempt = 1; ; attempt++) {
        if (req.signal?.aborted) throw cancelled(req, attempt - 1);
        const slot = deps.limiter.acquire(req.method, req.path, req.signal);
        if (slot !== undefined) await guard(req, attempt, () => slot);
        const result = await attemptOnce(req, deps, target, attempt);
        if (result.ok) {
          deps.logger.debug("databricks call", {
            method: req.method,
            path: req.path,
            status: result.status,
            attempt,
            requestId: result.requestId,
          });
          return result.value as T;
        }
        const { error } = result;
        const waitMs = backoffMs(deps.retry, attempt, result.retryAfterMs);
        const budgetLeft = attempt < deps.retry.maxAttempts && waitedMs + waitMs <= deps.retry.maxTotalWaitMs;
        const fields = {
          method: req.method,
          path: req.path,
          status: error.status,
          errorCode: error.errorCode,
          attempt,
          requestId: error.requestId,
        };
        if (!error.retryable || !idempotent || !budgetLeft) {
          deps.logger.debug("databricks call failed", { ...fields, retried: attempt - 1 });
          throw error;
        }
        deps.logger.warn("databricks retry", { ...fields, waitMs });
        await guard(req, attempt, () => deps.clock.sleep(waitMs, req.signal));
        waitedMs += waitMs;
      }
    },
  };
}

/** Runs a wait; if the caller aborts during it, fails with a typed CANCELLED error. */
async function guard(req: ApiRequest, attempt: number, wait: () => Promise<void>): Promise<void> {
  if (req.signal?.aborted) throw cancelled(req, attempt - 1);
  try {
    await wait();
  } catch (err) {
    if (req.signal?.aborted) throw cancelled(req, attempt - 1);
    throw err instanceof DatabricksError
      ? err
      : new DatabricksError({ errorCode: "UNKNOWN", message: "wait failed", status: 0, retryable: false });
  }
}
