import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BlobServiceClient } from "@azure/storage-blob";
import { parseLedger, type LedgerRecord } from "../../../shared/pipelines/promotion/ledger.js";
import type { StackFile } from "../../../local/stack/state.js";

/**
 * What the demo left behind, read from the stack's own APIs and stores (never from the narration):
 * the Durable HTTP API, the pipeline and promotion APIs, MLflow and the lake.
 */
export function evidence(stack: StackFile) {
  const host = stack.components.host.url;
  const { masterKey } = JSON.parse(readFileSync(join(stack.dataDir, "host", "keys.json"), "utf8")) as {
    masterKey: string;
  };
  const get = async (path: string, headers: Record<string, string> = {}): Promise<unknown> => {
    const response = await fetch(`${host}${path}`, { headers: { "x-functions-key": masterKey, ...headers } });
    if (!response.ok) throw new Error(`GET ${path} → ${response.status}: ${await response.text()}`);
    return response.json();
  };
  const blobs = BlobServiceClient.fromConnectionString(String(stack.components.azurite.connectionString));
  return {
    /** Instances of one orchestration, with output (the Durable HTTP API's instance query). */
    async instances(name: string): Promise<{ instanceId: string; runtimeStatus: string; output: unknown }[]> {
      const all = (await get("/runtime/webhooks/durabletask/instances?top=1000")) as {
        name: string;
        instanceId: string;
        runtimeStatus: string;
        output: unknown;
      }[];
      return all.filter((i) => i.name.toLowerCase() === name.toLowerCase());
    },
    pipelines: (bundle: string, target: string) =>
      get(`/api/pipelines?bundle=${bundle}&target=${target}`) as Promise<{
        pipelines: { instanceId: string; outcome: string | null }[];
      }>,
    pipeline: (id: string) =>
      get(`/api/pipelines/${encodeURIComponent(id)}`) as Promise<Record<string, unknown>>,
    promotions: () =>
      get("/api/promotions", { "x-dev-principal": "carol; roles=Promotion.Request" }) as Promise<{
        promotions: {
          kind: string;
          status: string;
          input: Record<string, unknown>;
          result: Record<string, unknown> | null;
        }[];
      }>,
    async champion(model: string): Promise<string | null> {
      const url = `${stack.components.mlflow.url}/api/2.0/mlflow/registered-models/alias?name=${encodeURIComponent(model)}&alias=champion`;
      const response = await fetch(url);
      if (!response.ok) return null;
      return ((await response.json()) as { model_version: { version: string } }).model_version.version;
    },
    async ledger(model: string): Promise<LedgerRecord[]> {
      const blob = blobs
        .getContainerClient("orchestrator")
        .getBlobClient(`_orchestrator/ledger/${model}.jsonl`);
      return parseLedger((await blob.downloadToBuffer()).toString("utf8"));
    },
    async landed(container: string, prefix: string): Promise<string[]> {
      const names: string[] = [];
      for await (const b of blobs.getContainerClient(container).listBlobsFlat({ prefix })) names.push(b.name);
      return names;
    },
  };
}
