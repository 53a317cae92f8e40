import type { Clock } from "./clock.js";
import { DatabricksError } from "./errors.js";

/** Supplies the auth headers for each request. Implementations cache and refresh their tokens. */
export interface DatabricksAuth {
  headers(): Promise<Record<string, string>>;
}

/** A personal access token (dev only). */
export function patAuth(token: string): DatabricksAuth {
  const value = `Bearer ${token}`;
  return { headers: () => Promise.resolve({ authorization: value }) };
}

/** A token and when it stops working (ms since the epoch). */
export interface ExpiringToken {
  token: string;
  expiresAt: number;
}

/** Default: refresh five minutes before expiry, so a token never expires mid-call. */
export const defaultRefreshMarginMs = 5 * 60_000;

/**
 * Caches one token: refreshes it `marginMs` before expiry, shares one in-flight refresh between
 * concurrent callers, and keeps serving the old token if a refresh fails while it is still valid.
 */
export class TokenCache {
  #current: ExpiringToken | undefined;
  #inflight: Promise<ExpiringToken> | undefined;

  constructor(
    private readonly fetchToken: () => Promise<ExpiringToken>,
    private readonly clock: Clock,
    private readonly marginMs = defaultRefreshMarginMs,
  ) {}

  async get(): Promise<string> {
    const now = this.clock.now();
    const current = this.#current;
    if (current && now < current.expiresAt - this.marginMs) return current.token;
    try {
      return (await this.#refresh()).token;
    } catch (err) {
      if (current && this.clock.now() < current.expiresAt) return current.token;
      throw err;
    }
  }

  #refresh(): Promise<ExpiringToken> {
    this.#inflight ??= this.fetchToken()
      .then((token) => {
        this.#current = token;
        return token;
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }
}

/** Wraps a credential failure; the original error is not attached because it may quote secrets. */
export function authError(what: string, err: unknown): DatabricksError {
  if (err instanceof DatabricksError) return err;
  const name = err instanceof Error ? err.name : "Error";
  return new DatabricksError({
    errorCode: "UNAUTHENTICATED",
    message: `${what} failed (${name})`,
    status: 0,
    retryable: false,
  });
}
