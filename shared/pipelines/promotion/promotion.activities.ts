import type { ActivityFn } from "../../durable/implement.js";
import type { ActivityContract } from "../../durable/contracts.js";
import { lastPromotedCommit } from "./ledger.js";
import type { Ledger } from "./ledger-store.js";
import { decidePreflight } from "./preflight.js";
import type {
  AppendLedgerRecord,
  GetModelAlias,
  PreflightPromotion,
  ReadLedger,
  RemoveModelAlias,
  SendPromotionReminder,
  SetModelAlias,
} from "./promotion.contracts.js";
import type { ModelRegistry } from "./registry.js";
import type { SidecarSource } from "./sidecar-source.js";

type Fn<C> = C extends ActivityContract<infer In, infer Out> ? ActivityFn<In, Out> : never;

export interface PromotionActivityDeps {
  readonly registry: ModelRegistry;
  readonly ledger: Ledger;
  readonly sidecar: SidecarSource;
  /** Reminder webhook; unset: reminders are not posted (the orchestrator only calls when configured). */
  readonly reminderUrl?: string;
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * The promotion activities that need only the registry, the ledger and the sidecar config. Each is
 * safe to run twice: alias writes set the same value again, removal of a missing alias succeeds,
 * ledger appends are keyed by record id. DeployPromotedBundle and RunSmokeJob are not here (see ADR 0020).
 */
export function createPromotionActivities(deps: PromotionActivityDeps) {
  const { registry, ledger } = deps;
  const preflight: Fn<typeof PreflightPromotion> = async (input) => {
    const config = await deps.sidecar.load(input.bundle);
    if (config === null) return { kind: "refused", reasons: [`unknown bundle ${input.bundle}`] };
    const requested = input.version ?? (await registry.versionByAlias(input.model, config.register.alias));
    if (requested === null) {
      return { kind: "refused", reasons: [`no version of ${input.model} holds ${config.register.alias}`] };
    }
    const version = await registry.getVersion(input.model, requested);
    const run = version?.runId ? await registry.getRun(version.runId) : null;
    const championBefore = await registry.versionByAlias(input.model, config.promotion.champion_alias);
    const previousCommit = lastPromotedCommit(await ledger.read(input.model), input.to);
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
    });
  };
  const setAlias: Fn<typeof SetModelAlias> = async ({ model, alias, version }) => {
    const previous = await registry.versionByAlias(model, alias);
    if (previous !== version) await registry.setAlias(model, alias, version);
    return { previous };
  };
  const removeAlias: Fn<typeof RemoveModelAlias> = async ({ model, alias, version }) => {
    // Only if it still points at our version: a newer challenger registered meanwhile stays.
    if ((await registry.versionByAlias(model, alias)) !== version) return { removed: false };
    await registry.deleteAlias(model, alias);
    return { removed: true };
  };
  const getAlias: Fn<typeof GetModelAlias> = async ({ model, alias }) => ({
    version: await registry.versionByAlias(model, alias),
  });
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
  return { preflight, setAlias, removeAlias, getAlias, appendLedger, readLedger, sendReminder };
}
