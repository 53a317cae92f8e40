import type { Config } from "../config/schema.js";
import { createSignatureVerifier } from "./signature.js";
import type { WebhookSettings } from "./webhook.handler.js";

/**
 * Webhook settings from the app config, loaded on first use and kept once valid: app settings change
 * only with a restart in Azure, and re-deriving the verifier per delivery would cost every request.
 * An invalid config is not kept, so the error repeats (as a 500) until the setting is fixed.
 */
export function webhookSettingsFrom(load: () => Config): () => WebhookSettings {
  let cached: WebhookSettings | undefined;
  return () => {
    if (cached !== undefined) return cached;
    const { webhookSecrets, routing } = load().github;
    cached = {
      verify: webhookSecrets.length === 0 ? undefined : createSignatureVerifier(webhookSecrets),
      routing,
    };
    return cached;
  };
}
