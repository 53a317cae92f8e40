import { Webhooks } from "@octokit/webhooks";

/** Checks an `X-Hub-Signature-256` header against the raw body text. */
export type SignatureVerifier = (payload: string, signature: string) => Promise<boolean>;

// sha256= and 64 lowercase hex digits, as GitHub sends it; the check reads only the attacker's input.
const SIGNATURE = /^sha256=[0-9a-f]{64}$/;

/**
 * A verifier accepting a signature made with any of `secrets` (the current one and, during rotation,
 * the previous one). Each comparison is @octokit/webhooks' constant-time HMAC check, and every secret is
 * tried whatever the first result, so timing does not tell which secret matched.
 */
export function createSignatureVerifier(secrets: readonly string[]): SignatureVerifier {
  const verifiers = secrets.map((secret) => new Webhooks({ secret }));
  return async (payload, signature) => {
    if (payload === "" || !SIGNATURE.test(signature)) return false;
    const results = await Promise.all(verifiers.map((w) => w.verify(payload, signature)));
    return results.includes(true);
  };
}
