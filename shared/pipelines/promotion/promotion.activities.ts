import type { ActivityFn } from "../../durable/implement.js";
import type { ActivityContract } from "../../durable/contracts.js";
import { lastPromotedCommit } from "./ledger.js";
import type { Ledger } from "./ledger-store.js";
import { decidePreflight } from "./preflight.js";
import type {
  AppendLedgerRecord,
  PostReminderComment,
  PreflightPromotion,
  ReadLedger,
  SendPromotionReminder,
} from "./promotion.contracts.js";
import type { ModelRegistry } from "./registry.js";
import type { CommitCommenter } from "./commit-comments.js";
import type { CopyRunner } from "./copy-run.js";
import type { VersionCopier } from "./registry-copy.js";
import type { SidecarSource } from "./sidecar-source.js";

type Fn<C> = C extends ActivityContract<infer In, infer Out> ? ActivityFn<In, Out> : never;

/** The registry of one target's workspace: reads, aliases and finding version copies. */
export type TargetRegistry = ModelRegistry & VersionCopier;

/** Where a bundle's job resource landed on a target (its deployment state); null when not deployed. */
export interface BundleJobs {
  jobId(bundle: string, target: string, job: string): Promise<string | null>;
}

export interface PromotionActivityDeps {
  /** The model lives in a target's workspace: every registry call names the target it concerns. */
  readonly registryFor: (target: string) => TargetRegistry;
  /** Starts the one-time run that copies a version into a target's model (separate catalogs). */
  readonly copyRunnerFor: (target: string) => CopyRunner;
  readonly ledger: Ledger;
  readonly sidecar: SidecarSource;
  /** Repositories of the routing setting: the commit's repository when the run carries no tag. */
  readonly repositories: readonly string[];
  readonly jobs: BundleJobs;
  /** Reminder webhook; unset: reminders are not posted (the orchestrator only calls when configured). */
  readonly reminderUrl?: string | undefined;
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Reminder comments on the commit; unset when no GitHub App is configured. */
  readonly commenter?: CommitCommenter | undefined;
}

/**
 * Preflight, ledger and reminders. Each is safe to run twice: ledger appends are keyed by record id,
 * preflight only reads, a reminder comment is looked for before it is posted. The registry-changing activities are in registry.activities.ts.
 */
export function createPromotionActivities(deps: Omit<PromotionActivityDeps, "copyRunnerFor">) {
  const { ledger } = deps;
  const preflight: Fn<typeof PreflightPromotion> = async (input) => {
    const config = await deps.sidecar.load(input.bundle);
    if (config === null) return { kind: "refused", reasons: [`unknown bundle ${input.bundle}`] };
    const source = deps.registryFor(input.from);
    const requested = input.version ?? (await source.versionByAlias(input.model, config.register.alias));
    // Champion and the ledger belong to the target's model, which may differ from the source's.
    const targetModel = config.models[input.to] ?? input.model;
    if (requested === null) {
      const reason = `no version of ${input.model} holds ${config.register.alias}`;
      return { kind: "refused", reasons: [reason], targetModel };
    }
    const version = await source.getVersion(input.model, requested);
    const run = version?.runId ? await source.getRun(version.runId) : null;
    const championBefore = await deps
      .registryFor(input.to)
      .versionByAlias(targetModel, config.promotion.champion_alias);
    const previousCommit = lastPromotedCommit(await ledger.read(targetModel), input.to);
    return decidePreflight({
      config,
      from: input.from,
      to: input.to,
      model: input.model,
      version,
      requestedVersion: requested,
      run,
      championBefore,
      previousCommit,
      repositories: deps.repositories,
    });
  };
  const appendLedger: Fn<typeof AppendLedgerRecord> = ({ record }) => ledger.appendOnce(record);
  const readLedger: Fn<typeof ReadLedger> = async ({ model }) => ({ records: await ledger.read(model) });
  const sendReminder: Fn<typeof SendPromotionReminder> = async (input) => {
    if (deps.reminderUrl === undefined) return { sent: false };
    const res = await (deps.fetch ?? globalThis.fetch)(deps.reminderUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "promotion_reminder", ...input }),
    });
    // Thrown, so the reporting retry policy applies; the orchestrator logs and goes on when it gives up.
    if (!res.ok) throw new Error(`Reminder webhook answered ${res.status}`);
    return { sent: true };
  };
  const commentReminder: Fn<typeof PostReminderComment> = async ({ repository, sha, marker, body }) => {
    if (deps.commenter === undefined) return { posted: false };
    return { posted: await deps.commenter.commentOnce(repository, sha, marker, body) };
  };
  return { preflight, appendLedger, readLedger, sendReminder, commentReminder };
}
