import { createPublicKey, verify } from "node:crypto";

/**
 * Checks a GitHub App JWT as GitHub does: RS256 over `header.payload`, signed by the App's private key,
 * `iss` the app id, not expired. The stand-in gets the public half of the key pair the stack generated,
 * so the product's @octokit/auth-app signing runs for real on one machine.
 */
export function verifyAppJwt(
  authorization: string | undefined,
  publicKeyPem: string,
  appId: string,
  now: Date,
): boolean {
  const token = /^bearer\s+([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(authorization ?? "")?.[1];
  if (token === undefined) return false;
  const [header = "", payload = "", signature = ""] = token.split(".");
  try {
    const ok = verify(
      "RSA-SHA256",
      Buffer.from(`${header}.${payload}`),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, "base64url"),
    );
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      iss?: unknown;
      exp?: unknown;
    };
    return (
      ok &&
      String(claims.iss) === appId &&
      typeof claims.exp === "number" &&
      claims.exp * 1000 > now.getTime()
    );
  } catch {
    return false;
  }
}
