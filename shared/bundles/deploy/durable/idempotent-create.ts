import { isNotFound } from "../../../databricks/index.js";
import type { Plain } from "../../dyn.js";
import type { ApplyScope } from "../apply-entry.js";
import type { DeployClient } from "../deploy.js";
import type { CreateJournal } from "./deps.js";

type Obj = Record<string, Plain>;

/** Clocks of the worker and the workspace differ; a resource made this long before the note still counts. */
const SKEW_MS = 60_000;

const str = (v: Plain | undefined): string => (typeof v === "string" ? v : "");

async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/**
 * A resource an earlier attempt created after writing its `creating` note but before noting the id
 * (a crash or a lost answer): found by its name among those made since the note. Jobs' names are not
 * unique, so exactly one candidate is required; the other types are unique by name.
 */
export async function findCreated(
  client: DeployClient,
  node: string,
  value: Obj,
  since: number,
): Promise<string | undefined> {
  const after = since - SKEW_MS;
  const get = <T>(path: string, query: Record<string, string>) =>
    orNull(() => client.rest.call<T>({ method: "GET", path, query }));
  switch (node.split(".")[1]) {
    case "jobs": {
      const found: string[] = [];
      for await (const job of client.jobs.list({ name: str(value["name"]) }))
        if ((job.created_time ?? 0) >= after) found.push(job.job_id);
      return found.length === 1 ? found[0] : undefined;
    }
    case "experiments": {
      const r = await get<{ experiment?: { experiment_id: string; creation_time?: number } }>(
        "/api/2.0/mlflow/experiments/get-by-name",
        { experiment_name: str(value["name"]) },
      );
      return (r?.experiment?.creation_time ?? 0) >= after ? r?.experiment?.experiment_id : undefined;
    }
    case "models": {
      const r = await get<{ registered_model?: { name: string; creation_timestamp?: number } }>(
        "/api/2.0/mlflow/registered-models/get",
        { name: str(value["name"]) },
      );
      return (r?.registered_model?.creation_timestamp ?? 0) >= after ? r?.registered_model?.name : undefined;
    }
    case "registered_models": {
      const full = [value["catalog_name"], value["schema_name"], value["name"]].map(str).join(".");
      const r = await get<{ full_name?: string; created_at?: number }>(
        `/api/2.1/unity-catalog/models/${encodeURIComponent(full)}`,
        {},
      );
      return (r?.created_at ?? 0) >= after ? (r?.full_name ?? full) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Creates at most once per journal key, however often the activity runs: the note `creating` is
 * written before the request and the id after it. A retry returns the noted id, or looks for what the
 * interrupted attempt made; only a create that never reached the workspace is sent again. The first
 * attempt sends exactly what the one-call engine sends (the notes live in the orchestrator's storage).
 */
export function idempotentCreate(
  journal: CreateJournal,
  key: string,
  client: DeployClient,
  now: () => Date,
): NonNullable<ApplyScope["create"]> {
  return async (node, handler, value) => {
    const seen = await journal.read(key);
    if (seen?.kind === "created") return seen.id;
    const found =
      seen?.kind === "creating" ? await findCreated(client, node, value, Date.parse(seen.at)) : undefined;
    if (found === undefined) {
      if (seen === undefined) await journal.write(key, { kind: "creating", at: now().toISOString() });
      const id = await handler.create(value);
      await journal.write(key, { kind: "created", id });
      return id;
    }
    await journal.write(key, { kind: "created", id: found });
    return found;
  };
}
