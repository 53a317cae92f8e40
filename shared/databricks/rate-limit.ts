import type { Clock } from "./clock.js";

/** One client-side limit: requests matching `path` (and `method`, if given) share a bucket. */
export interface RateRule {
  name: string;
  path: RegExp;
  method?: string;
  perSecond: number;
}

/** Limits for one workspace. */
export interface RateLimitOptions {
  rules?: readonly RateRule[];
  /** Bucket for everything no rule matches. Default 30/s. */
  defaultPerSecond?: number;
}

/** Waits until a request may go out. Share one per workspace across clients of that workspace. */
export interface RateLimiter {
  /**
   * Takes a token: `undefined` when the request may go out at once, else a promise to wait on. The
   * common no-wait case then costs the transport no promise and no microtask turn.
   */
  acquire(method: string, path: string, signal?: AbortSignal): Promise<void> | undefined;
}

/**
 * Databricks' published per-workspace limits (learn.microsoft.com …/databricks/resources/limits, via
 * field-facts [J12]): jobs create and run-now 20/s, runs/get 100/s, runs/submit 35/s, MLflow search 7/s,
 * other MLflow tracking 120/s, workspace import 30/s and export 60/s. First match wins.
 */
export const databricksRateRules: readonly RateRule[] = [
  { name: "jobs-create", path: /^\/api\/2\.\d\/jobs\/create$/, perSecond: 20 },
  { name: "jobs-run-now", path: /^\/api\/2\.\d\/jobs\/run-now$/, perSecond: 20 },
  { name: "jobs-runs-get", path: /^\/api\/2\.\d\/jobs\/runs\/get$/, perSecond: 100 },
  { name: "jobs-runs-submit", path: /^\/api\/2\.\d\/jobs\/runs\/submit$/, perSecond: 35 },
  { name: "mlflow-search", path: /^\/api\/2\.0\/mlflow\/.*search$/, perSecond: 7 },
  { name: "mlflow", path: /^\/api\/2\.0\/mlflow\//, perSecond: 120 },
  { name: "workspace-import", path: /^\/api\/2\.0\/workspace\/import$/, perSecond: 30 },
  { name: "workspace-export", path: /^\/api\/2\.0\/workspace\/export$/, perSecond: 60 },
];

interface Bucket {
  perSecond: number;
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets with reservation: each caller takes a token at once (the balance may go negative)
 * and sleeps for its own debt, so concurrent callers queue fairly without a polling loop.
 * Capacity is one second's worth of requests.
 */
export function createRateLimiter(options: RateLimitOptions, clock: Clock): RateLimiter {
  const rules = options.rules ?? databricksRateRules;
  const defaultPerSecond = options.defaultPerSecond ?? 30;
  const buckets = new Map<string, Bucket>();
  // Rule lookup is a regex scan; calls repeat a few paths, so remember each path's bucket (bounded, since
  // workspace-files paths carry file names).
  const memo = new Map<string, Bucket>();

  const bucketFor = (method: string, path: string): Bucket => {
    const memoKey = `${method} ${path}`;
    const known = memo.get(memoKey);
    if (known) return known;
    if (memo.size >= 1000) memo.clear();
    const rule = rules.find((r) => r.path.test(path) && (r.method === undefined || r.method === method));
    const name = rule?.name ?? "default";
    let bucket = buckets.get(name);
    if (!bucket) {
      const perSecond = rule?.perSecond ?? defaultPerSecond;
      bucket = { perSecond, tokens: perSecond, updatedAt: clock.now() };
      buckets.set(name, bucket);
    }
    memo.set(memoKey, bucket);
    return bucket;
  };

  return {
    acquire(method, path, signal) {
      const bucket = bucketFor(method, path);
      const now = clock.now();
      const refill = ((now - bucket.updatedAt) / 1000) * bucket.perSecond;
      bucket.tokens = Math.min(bucket.perSecond, bucket.tokens + refill) - 1;
      bucket.updatedAt = now;
      if (bucket.tokens >= 0) return undefined;
      return clock.sleep(Math.ceil((-bucket.tokens / bucket.perSecond) * 1000), signal);
    },
  };
}

/** A limiter that never waits (rate limiting switched off). */
export const unlimited: RateLimiter = { acquire: () => undefined };
