import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { ApiError } from "./http.js";

/** The Azure Databricks first-party application: Entra tokens for a workspace carry it as `aud`. */
export const databricksAudience = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

/** Entra tolerates some clock skew between issuer and resource; so do we. */
const skewSeconds = 60;

const unauthenticated = (message: string): ApiError => new ApiError(401, "UNAUTHENTICATED", message);

/**
 * Checks `Authorization: Bearer …` like a workspace does: the configured PAT, or an Entra ID JWT
 * for the Databricks resource. Signatures are not verified — this is a loopback dev tool, and the
 * point is to exercise the client's token plumbing (audience, expiry), not Entra's crypto.
 * Error messages never echo the presented token.
 */
export function authenticate(req: IncomingMessage, pat: string, nowSeconds: number): void {
  const header = req.headers.authorization;
  if (header === undefined || header === "")
    throw unauthenticated("Credential was not sent or was of an unsupported type for this API.");
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1])
    throw unauthenticated("Credential was not sent or was of an unsupported type for this API.");
  const token = match[1];
  if (sameSecret(token, pat)) return;
  const claims = jwtClaims(token);
  if (claims === undefined) throw unauthenticated("Invalid access token.");
  checkJwt(claims, nowSeconds);
}

function checkJwt(claims: Record<string, unknown>, now: number): void {
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  const ours = audiences.some(
    (a) => a === databricksAudience || a === `${databricksAudience}/` || a === `api://${databricksAudience}`,
  );
  if (typeof claims.exp !== "number" || claims.exp + skewSeconds <= now)
    throw unauthenticated("Invalid access token: the token is expired.");
  if (typeof claims.nbf === "number" && claims.nbf - skewSeconds > now)
    throw unauthenticated("Invalid access token: the token is not yet valid.");
  if (!ours)
    throw new ApiError(
      403,
      "PERMISSION_DENIED",
      "Invalid access token: the token audience is not Azure Databricks.",
    );
}

function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
