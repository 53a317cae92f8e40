import { z } from "zod";

// Only the fields we read are declared; zod strips the rest, so a payload never travels whole into an
// orchestration input (inputs are stored in history and size-limited).

const sha = z.string().regex(/^[0-9a-f]{40}$/, { error: "must be a 40-character commit SHA" });
const path = z.string().max(4096);

const repository = z.object({
  id: z.number(),
  full_name: z.string().max(200),
  fork: z.boolean().default(false),
});

const installation = z.object({ id: z.number() }).optional();

const commit = z.object({
  id: sha,
  added: z.array(path).default([]),
  modified: z.array(path).default([]),
  removed: z.array(path).default([]),
});

/** The parts of a `push` payload that routing and change detection use. */
export const pushPayloadSchema = z.object({
  ref: z.string().max(1024),
  before: sha,
  after: sha,
  created: z.boolean().default(false),
  deleted: z.boolean().default(false),
  forced: z.boolean().default(false),
  commits: z.array(commit).default([]),
  repository,
  installation,
});
export type PushPayload = z.output<typeof pushPayloadSchema>;

/** The parts of a `check_run` payload a re-run needs. */
export const checkRunPayloadSchema = z.object({
  action: z.string(),
  check_run: z.object({
    name: z.string().max(1024),
    head_sha: sha,
    external_id: z.string().nullable().optional(),
    check_suite: z.object({ head_branch: z.string().nullable().optional() }).optional(),
  }),
  requested_action: z.object({ identifier: z.string() }).optional(),
  repository,
  installation,
});
export type CheckRunPayload = z.output<typeof checkRunPayloadSchema>;

/** What we log of `installation*` events: ids and names only, never tokens or the whole payload. */
export const installationPayloadSchema = z.object({
  action: z.string().optional(),
  installation: z.object({ id: z.number(), account: z.object({ login: z.string() }).nullable().optional() }),
});
export type InstallationPayload = z.output<typeof installationPayloadSchema>;

/** The all-zero SHA GitHub sends as `before` of a created ref and `after` of a deleted one. */
export const ZERO_SHA = "0".repeat(40);
