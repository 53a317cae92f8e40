import type { Plain } from "../dyn.js";
import { BundleDeployError } from "./errors.js";

/** Where a target lives in the workspace (`workspace.*_path` after resolution). */
export interface Layout {
  readonly root: string;
  readonly files: string;
  readonly state: string;
  readonly artifacts: string;
}

/** The remote files of the direct engine under `state/` (bundle/deploy, bundle/direct). */
export const stateFiles = (layout: Layout) => ({
  lock: `${layout.state}/deploy.lock`,
  resources: `${layout.state}/resources.json`,
  deployment: `${layout.state}/deployment.json`,
  metadata: `${layout.state}/metadata.json`,
  terraform: `${layout.state}/terraform.tfstate`,
});

const obj = (v: Plain | undefined): Record<string, Plain> =>
  v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v) ? v : {};

/** Reads the layout from a resolved config; validate always fills these paths. */
export function layoutOf(config: Plain): Layout {
  const ws = obj(obj(config)["workspace"]);
  const get = (key: string): string => {
    const v = ws[key];
    if (typeof v !== "string" || !v.startsWith("/"))
      throw new BundleDeployError("INVALID_BUNDLE", `workspace.${key} is not an absolute workspace path`);
    return v;
  };
  return {
    root: get("root_path"),
    files: get("file_path"),
    state: get("state_path"),
    artifacts: get("artifact_path"),
  };
}

const text = (v: Plain | undefined, fallback: string): string => (typeof v === "string" ? v : fallback);

export interface BundleIdentity {
  readonly name: string;
  readonly target: string;
  readonly mode?: string;
  readonly userName: string;
}

export function identityOf(config: Plain): BundleIdentity {
  const bundle = obj(obj(config)["bundle"]);
  const user = obj(obj(obj(config)["workspace"])["current_user"]);
  const mode = bundle["mode"];
  return {
    name: text(bundle["name"], ""),
    target: text(bundle["target"], "default"),
    ...(typeof mode === "string" ? { mode } : {}),
    userName: text(user["userName"], ""),
  };
}

/** `bundle.deployment.lock.enabled`; development mode turns the lock off unless it is set (apply_target_mode.go). */
export function lockEnabled(config: Plain): boolean {
  const bundle = obj(obj(config)["bundle"]);
  const enabled = obj(obj(bundle["deployment"])["lock"])["enabled"];
  if (typeof enabled === "boolean") return enabled;
  return bundle["mode"] !== "development";
}
