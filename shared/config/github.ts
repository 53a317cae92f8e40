import { z } from "zod";
import { routingConfigSchema } from "../github/routing-config.js";
import { defineGroup, jsonSetting, setting } from "./setting.js";

// Long enough that guessing is hopeless; GitHub itself accepts any length, so the floor is ours.
const webhookSecret = z.string().min(16, { error: "must be at least 16 characters" });

const routingJson = jsonSetting(routingConfigSchema);

// App settings often hold a PEM with its line breaks escaped as \n (one-line fields); both forms work.
const privateKey = z
  .string()
  .transform((text) => text.replace(/\\n/g, "\n").trim())
  .refine(
    (pem) => /^-----BEGIN (RSA )?PRIVATE KEY-----\n[\s\S]+\n-----END (RSA )?PRIVATE KEY-----$/.test(pem),
    {
      error: "must be the GitHub App's PEM private key",
    },
  );

const apiUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .transform((url) => url.replace(/\/+$/, ""));

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
    GITHUB_APP_ID: setting(
      z
        .string()
        .regex(/^\d{1,12}$/, { error: "must be a numeric app id" })
        .optional(),
      {
        description:
          "GitHub App id: the app fetches sources (tarball, compare) and reports checks and deployments with installation tokens. Set with GITHUB_APP_PRIVATE_KEY.",
        secret: false,
      },
    ),
    GITHUB_APP_PRIVATE_KEY: setting(privateKey.optional(), {
      description:
        "The GitHub App's private key (PEM; escaped \\n line breaks accepted); a Key Vault reference in Azure. Unset: push deploys cannot fetch sources and end failed with GITHUB_APP_NOT_CONFIGURED.",
      secret: true,
    }),
    GITHUB_TOKEN: setting(z.string().min(1).optional(), {
      description:
        "Fallback token used for commit statuses only, when no GitHub App is configured; a Key Vault reference in Azure.",
      secret: true,
    }),
    GITHUB_API_URL: setting(apiUrl.default("https://api.github.com"), {
      description:
        "GitHub REST API base: api.github.com, a GitHub Enterprise Server `/api/v3` URL, or the local stand-in (the stack sets it).",
      secret: false,
    }),
  },
  (v) => ({
    // Current secret first: it is the one that normally matches.
    webhookSecrets: [v.GITHUB_WEBHOOK_SECRET, v.GITHUB_WEBHOOK_SECRET_PREVIOUS].filter(
      (s): s is string => s !== undefined,
    ),
    routing: v.GITHUB_DEPLOY_ROUTING,
    apiUrl: v.GITHUB_API_URL,
    app:
      v.GITHUB_APP_ID === undefined || v.GITHUB_APP_PRIVATE_KEY === undefined
        ? undefined
        : { appId: v.GITHUB_APP_ID, privateKey: v.GITHUB_APP_PRIVATE_KEY },
    token: v.GITHUB_TOKEN,
  }),
);

/** The App id and key only work together; one without the other is a mistake worth stopping for. */
export function githubProblems(env: Readonly<Record<string, unknown>>): { name: string; reason: string }[] {
  const id = env.GITHUB_APP_ID !== undefined;
  const key = env.GITHUB_APP_PRIVATE_KEY !== undefined;
  if (id === key) return [];
  return id
    ? [{ name: "GITHUB_APP_PRIVATE_KEY", reason: "is required when GITHUB_APP_ID is set" }]
    : [{ name: "GITHUB_APP_ID", reason: "is required when GITHUB_APP_PRIVATE_KEY is set" }];
}
