import { authError, type DatabricksAuth, TokenCache } from "./auth.js";
import { type Clock, systemClock } from "./clock.js";
import { DatabricksError, redact } from "./errors.js";
import { type FetchLike, normaliseHost } from "./http.js";

/** Options for {@link oauthM2mAuth}. */
export interface OAuthM2mOptions {
  host: string;
  clientId: string;
  clientSecret: string;
  fetch?: FetchLike;
  clock?: Clock;
  refreshMarginMs?: number;
}

interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
}

/**
 * Databricks OAuth machine-to-machine: client credentials at the workspace's `/oidc/v1/token`,
 * scope `all-apis`, client id and secret in a Basic header (as the Go SDK's auth_m2m.go does).
 */
export function oauthM2mAuth(options: OAuthM2mOptions): DatabricksAuth {
  const clock = options.clock ?? systemClock;
  const doFetch = options.fetch ?? globalThis.fetch;
  const url = `${normaliseHost(options.host)}/oidc/v1/token`;
  const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString("base64");
  const secrets = [options.clientSecret, basic];
  const cache = new TokenCache(
    async () => {
      let response: Response;
      let body: TokenResponse;
      try {
        response = await doFetch(url, {
          method: "POST",
          headers: {
            authorization: `Basic ${basic}`,
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body: new URLSearchParams({ grant_type: "client_credentials", scope: "all-apis" }).toString(),
        });
        body = (await response.json().catch(() => ({}))) as TokenResponse;
      } catch (err) {
        throw authError("OAuth token request", err);
      }
      if (!response.ok || typeof body.access_token !== "string") {
        const reason = typeof body.error === "string" ? body.error : `HTTP ${response.status}`;
        throw new DatabricksError({
          errorCode: "UNAUTHENTICATED",
          message: redact(`OAuth token request failed: ${reason}`, secrets),
          status: response.status,
          retryable: response.status >= 500 || response.status === 429,
        });
      }
      const expiresIn = typeof body.expires_in === "number" ? body.expires_in : 3600;
      return { token: body.access_token, expiresAt: clock.now() + expiresIn * 1000 };
    },
    clock,
    options.refreshMarginMs,
  );
  return { headers: async () => ({ authorization: `Bearer ${await cache.get()}` }) };
}
