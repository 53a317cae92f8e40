import { z } from "zod";
import { routingConfigSchema } from "../github/routing-config.js";
import { defineGroup, setting } from "./setting.js";

// Long enough that guessing is hopeless; GitHub itself accepts any length, so the floor is ours.
const webhookSecret = z.string().min(16, { error: "must be at least 16 characters" });

const routingJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be JSON" });
      return z.NEVER;
    }
  })
  .pipe(routingConfigSchema);

/** Settings of the GitHub push → deploy flow (issue #6). */
export const githubSettings = defineGroup(
  "GitHub",
  {
    GITHUB_WEBHOOK_SECRET: setting(webhookSecret.optional(), {
      description:
        "Secret GitHub signs webhook deliveries with (X-Hub-Signature-256); a Key Vault reference in Azure. Unset: the webhook refuses every delivery with 503.",
      secret: true,
      sample: "local-webhook-secret-change-me",
    }),
    GITHUB_WEBHOOK_SECRET_PREVIOUS: setting(webhookSecret.optional(), {
      description:
        "The secret being rotated out: deliveries signed with it are accepted too until it is removed. Set it to the old value, change the secret on GitHub, then unset it.",
      secret: true,
    }),
    GITHUB_DEPLOY_ROUTING: setting(routingJson.optional(), {
      description:
        'JSON: allowed repositories, branch/tag patterns → target (first match wins), promotion-only targets and the bundles folder, e.g. {"repositories":["acme/ml"],"routes":[{"branch":"main","target":"staging"},{"tag":"v*","target":"prod"}]}. Unset: no push deploys.',
      secret: false,
      sample:
        '{"repositories":["local/ml-orchestrator"],"routes":[{"branch":"main","target":"staging"},{"tag":"v*","target":"prod"}],"promotionOnly":[],"bundlesDir":"bundles"}',
    }),
  },
  (v) => ({
    // Current secret first: it is the one that normally matches.
    webhookSecrets: [v.GITHUB_WEBHOOK_SECRET, v.GITHUB_WEBHOOK_SECRET_PREVIOUS].filter(
      (s): s is string => s !== undefined,
    ),
    routing: v.GITHUB_DEPLOY_ROUTING,
  }),
);
