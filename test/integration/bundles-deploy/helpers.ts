import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { prepareSchema, type JsonSchema, type PreparedSchema } from "../../../shared/bundles/index.js";
import {
  deployBundle,
  destroyBundle,
  fileSnapshotStore,
  nodeTree,
  type DeployDeps,
  type DeployResult,
  type DestroyResult,
} from "../../../shared/bundles/deploy/index.js";
import { createDatabricksClient, patAuth, type DatabricksClient } from "../../../shared/databricks/index.js";
import { nodeSource } from "../../conformance/node-source.js";
import { clientFor, emulator, root } from "../databricks/helpers.js";

const SCHEMA_FILE = resolve(root, "../shared/reference/databricks-bundle-schema.json");

/**
 * The official schema when ../shared is present; otherwise an open schema (the deploy steps do not
 * depend on schema checks, which have their own suites).
 */
export const schema: PreparedSchema = prepareSchema(
  existsSync(SCHEMA_FILE) ? (JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as JsonSchema) : {},
);

/** Writes `files` under a fresh temp folder and returns it. */
export function bundleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "bundle-deploy-"));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
}

/** Counts requests by "METHOD path" through an injected fetch (what the client sent). */
export interface Counter {
  readonly calls: string[];
  reset(): void;
  writes(): string[];
}

export function counter(): Counter & { fetch: typeof fetch } {
  const calls: string[] = [];
  return {
    calls,
    reset: () => void calls.splice(0),
    writes: () => calls.filter((c) => !c.startsWith("GET ")),
    fetch: (url, init) => {
      const u = new URL(typeof url === "string" ? url : url instanceof URL ? url.href : url.url);
      calls.push(`${init?.method ?? "GET"} ${decodeURIComponent(u.pathname)}`);
      return fetch(url, init);
    },
  };
}

export interface Harness {
  emu: RunningEmulator;
  client: DatabricksClient;
  count: Counter;
  deps: (dir: string, host?: string) => DeployDeps;
  deploy(
    dir: string,
    extra?: { target?: string; vars?: string[]; forceLock?: boolean },
  ): Promise<DeployResult>;
  destroy(dir: string, extra?: { target?: string }): Promise<DestroyResult>;
}

export async function harness(): Promise<Harness> {
  const emu = await emulator();
  const count = counter();
  const client = clientFor(emu);
  const counted = createDatabricksClient({
    host: emu.url,
    auth: patAuth(emu.token),
    rateLimit: false,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    fetch: count.fetch,
  });
  const deps = (dir: string): DeployDeps => ({
    client: counted,
    snapshots: (layout, target) => fileSnapshotStore(dir, target, emu.url, layout.files),
    now: () => new Date(),
    newId: randomUUID,
    cliVersion: "0.0.0-test",
  });
  const input = (dir: string, extra: { target?: string; vars?: string[]; forceLock?: boolean }) => ({
    source: nodeSource(dir),
    tree: nodeTree(dir),
    schema,
    ...extra,
  });
  return {
    emu,
    client,
    count,
    deps,
    deploy: (dir, extra = {}) => deployBundle(deps(dir), input(dir, extra)),
    destroy: (dir, extra = {}) => destroyBundle(deps(dir), input(dir, extra)),
  };
}

export const errorOf = (r: DeployResult | DestroyResult): string =>
  r.kind === "invalid"
    ? ("prepared" in r ? r.prepared.diagnostics : r.diagnostics).map((d) => d.summary).join("\n")
    : (r.error?.message ?? "");
