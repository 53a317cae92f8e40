import { ConfigError } from "../../errors/taxonomy.js";
import type { Runtime } from "../../runtime/runtime.js";
import { deployedBundleJobs } from "./bundle-jobs.js";
import { githubAppCommenter } from "./commit-comments.js";
import { databricksCopyRunner } from "./copy-run.js";
import { createLedger } from "./ledger-store.js";
import type { BundleJobs, PromotionActivityDeps, TargetRegistry } from "./promotion.activities.js";
import { databricksRegistry } from "./registry.js";
import { databricksCopier } from "./registry-copy.js";
import { directorySidecarSource } from "./sidecar-source.js";

export interface PromotionRuntimeOptions {
  /** Folder holding one folder per bundle with its orchestrator.yml (the app's bundles/). */
  readonly bundlesRoot: string;
  /** Default: the target's deployment state read with the app's copy of the bundle. */
  readonly jobs?: BundleJobs;
}

/**
 * The promotion activities' dependencies from the worker's runtime: the registry of the workspace the
 * target maps to (DATABRICKS_WORKSPACES), the ledger in ORCHESTRATOR_LAKE, the app's sidecar files.
 */
export function promotionDepsFrom(runtime: Runtime, options: PromotionRuntimeOptions): PromotionActivityDeps {
  const location = runtime.config.lake.orchestrator;
  if (location === undefined) {
    throw new ConfigError([
      {
        name: "ORCHESTRATOR_LAKE",
        reason: "is required for promotions: the ledger lives there (_orchestrator/ledger/<model>.jsonl)",
      },
    ]);
  }
  const registries = new Map<string, TargetRegistry>();
  const app = runtime.config.github.app;
  return {
    registryFor(target) {
      let registry = registries.get(target);
      if (registry === undefined) {
        const client = runtime.workspaces.clientFor(target);
        registry = { ...databricksRegistry(client), ...databricksCopier(client) };
        registries.set(target, registry);
      }
      return registry;
    },
    copyRunnerFor: (target) => databricksCopyRunner(runtime.workspaces.clientFor(target)),
    ledger: createLedger(runtime.lake.at(location)),
    sidecar: directorySidecarSource(options.bundlesRoot),
    repositories: runtime.config.github.routing?.repositories ?? [],
    jobs:
      options.jobs ??
      deployedBundleJobs(options.bundlesRoot, (target) => runtime.workspaces.clientFor(target)),
    reminderUrl: runtime.config.promotion.reminderWebhookUrl,
    commenter:
      app === undefined ? undefined : githubAppCommenter({ apiUrl: runtime.config.github.apiUrl, ...app }),
  };
}

/**
 * Deps whose every use builds (once) the real ones: functions/ registers activities at module load, but
 * the runtime may only be built inside an invocation, so a bad setting fails that invocation clearly.
 */
export function lazyPromotionDeps(load: () => PromotionActivityDeps): PromotionActivityDeps {
  let deps: PromotionActivityDeps | undefined;
  const get = () => (deps ??= load());
  return {
    registryFor: (target) => get().registryFor(target),
    copyRunnerFor: (target) => get().copyRunnerFor(target),
    ledger: {
      read: (model) => get().ledger.read(model),
      appendOnce: (record) => get().ledger.appendOnce(record),
    },
    sidecar: { load: (bundle) => get().sidecar.load(bundle) },
    get repositories() {
      return get().repositories;
    },
    jobs: { jobId: (bundle, target, job) => get().jobs.jobId(bundle, target, job) },
    get reminderUrl() {
      return get().reminderUrl;
    },
    get fetch() {
      return get().fetch;
    },
    get commenter() {
      return get().commenter;
    },
  };
}
