import type { BundleSidecar } from "../config/files.js";
import type { PartitionKey } from "../landing/debounce.js";
import type { ResolvePlanResult } from "./pipeline.contracts.js";

/**
 * The pipeline plan of a landed batch: the bundle whose sidecar declares the batch's trigger (same name,
 * target, account and filesystem), with its steps, gate, model and aliases for that target. Read when
 * the pipeline starts and then kept in history, so a sidecar edited mid-run does not change the run.
 */
export function planFor(sidecars: readonly BundleSidecar[], key: PartitionKey): ResolvePlanResult {
  for (const { bundle, config } of sidecars) {
    const trigger = config.landing.find(
      (t) =>
        t.name === key.trigger &&
        t.target === key.target &&
        t.storage_account === key.account &&
        t.filesystem === key.filesystem,
    );
    const model = config.models[key.target];
    if (trigger === undefined || model === undefined) continue;
    const job = (step: keyof typeof config.steps) => ({
      job: config.steps[step].job,
      timeoutSeconds: config.steps[step].timeout,
    });
    return {
      kind: "ok",
      plan: {
        bundle,
        target: key.target,
        jobs: { train: job("train"), evaluate: job("evaluate"), register: job("register") },
        gate: config.gate,
        model,
        registerAlias: config.register.alias,
        championAlias: config.promotion.champion_alias,
      },
    };
  }
  return {
    kind: "unknownTrigger",
    message: `no bundle's orchestrator.yml declares trigger ${key.trigger} for target ${key.target} on ${key.account}/${key.filesystem}`,
  };
}
