import { get, isMap, type Plain } from "../dyn.js";
import { loadBundle } from "../load.js";
import type { DeployedState, StateEntry } from "../plan/types.js";
import type { BundleSource } from "../source.js";
import type { HashedFile } from "./snapshot.js";
import type { DeployedFile } from "./sync.js";

/** JSON with `indent` spaces, big integers written exactly (job ids above 2^53). */
export function stateJson(value: Plain, indent: number, pad = ""): string {
  if (value === null || typeof value !== "object")
    return typeof value === "bigint" ? value.toString() : JSON.stringify(value);
  const inner = pad + " ".repeat(indent);
  const items = Array.isArray(value)
    ? value.map((v) => stateJson(v, indent, inner))
    : Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${stateJson(v, indent, inner)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return items.length === 0
    ? `${open}${close}`
    : `${open}\n${items.map((i) => inner + i).join(",\n")}\n${pad}${close}`;
}

/** resources.json of the direct engine: state_version 2, 1-space indent, entries sorted by node. */
export function resourcesJson(
  prev: DeployedState | undefined,
  state: Record<string, StateEntry>,
  ids: { lineage: string; cliVersion: string },
): { text: string; serial: number } {
  const serial = (prev?.serial ?? 0) + 1;
  const entries = Object.keys(state)
    .sort()
    .map((k) => {
      const e = state[k] as StateEntry;
      const deps =
        e.depends_on === undefined
          ? {}
          : { depends_on: e.depends_on.map((d) => ({ node: d.node, label: d.label })) };
      return [k, { __id__: e.__id__, state: e.state, ...deps }] as const;
    });
  const doc = {
    state_version: 2,
    cli_version: ids.cliVersion,
    lineage: prev?.lineage || ids.lineage,
    serial,
    state: Object.fromEntries(entries),
  };
  return { text: `${stateJson(doc, 1)}\n`, serial };
}

export interface DeploymentFile {
  readonly version: 1;
  readonly seq: number;
  readonly cli_version: string;
  readonly timestamp: string;
  readonly files: readonly DeployedFile[];
  readonly id: string;
}

/** deployment.json (bundle/deploy/state.go): the synced files; `seq` counts deploys, `id` stays. */
export function deploymentJson(
  prev: DeploymentFile | undefined,
  files: readonly HashedFile[],
  ids: { id: string; cliVersion: string; now: Date },
): DeploymentFile {
  return {
    version: 1,
    seq: (prev?.seq ?? 0) + 1,
    cli_version: ids.cliVersion,
    timestamp: ids.now.toISOString(),
    files: files.map((f) => ({ local_path: f.path, is_notebook: f.notebook })),
    id: prev?.id ?? ids.id,
  };
}

export function parseDeployment(text: string | undefined): DeploymentFile | undefined {
  if (text === undefined) return undefined;
  try {
    const d = JSON.parse(text) as Partial<DeploymentFile>;
    return d.version === 1 && Array.isArray(d.files) ? (d as DeploymentFile) : undefined;
  } catch {
    return undefined;
  }
}

const obj = (v: Plain | undefined): Record<string, Plain> =>
  v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v) ? v : {};

/** What metadata.json takes from the config and its YAML: known before apply, JSON (the durable path carries it). */
export interface MetadataBase {
  readonly bundle: { name: Plain; target: Plain; mode?: string; git: Record<string, Plain> };
  readonly filePath: Plain;
  /** The YAML file that declares each job, by key. */
  readonly jobFiles: Readonly<Record<string, string>>;
}

export function metadataOf(config: Plain, source: BundleSource): MetadataBase {
  const bundle = obj(obj(config)["bundle"]);
  const loaded = loadBundle(source).config;
  const jobFiles: Record<string, string> = {};
  for (const key of Object.keys(obj(obj(obj(config)["resources"])["jobs"]))) {
    const at = isMap(loaded) ? get(loaded, ["resources", "jobs", key]) : undefined;
    jobFiles[key] = at?.loc?.file ?? "databricks.yml";
  }
  return {
    bundle: {
      name: bundle["name"] ?? "",
      target: bundle["target"] ?? "",
      ...(typeof bundle["mode"] === "string" ? { mode: bundle["mode"] } : {}),
      git: obj(bundle["git"]),
    },
    filePath: obj(obj(config)["workspace"])["file_path"] ?? "",
    jobFiles,
  };
}

/** metadata.json (bundle/metadata): what the workspace UI shows for bundle-deployed jobs. */
export function renderMetadata(base: MetadataBase, state: Record<string, StateEntry>): string {
  const jobMeta = Object.entries(state)
    .filter(([k]) => k.startsWith("resources.jobs.") && k.split(".").length === 3)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([node, e]) => {
      const key = node.split(".")[2] ?? "";
      return [key, { id: e.__id__, relative_path: base.jobFiles[key] ?? "databricks.yml" }] as const;
    });
  const meta = {
    version: 1,
    config: {
      bundle: base.bundle,
      workspace: { file_path: base.filePath },
      resources: jobMeta.length === 0 ? {} : { jobs: Object.fromEntries(jobMeta) },
      presets: { source_linked_deployment: false },
    },
    extra: {},
  };
  return `${stateJson(meta, 2)}\n`;
}

export function metadataJson(config: Plain, state: Record<string, StateEntry>, source: BundleSource): string {
  return renderMetadata(metadataOf(config, source), state);
}
