import type { DatabricksClient } from "../../databricks/index.js";
import { isNotFound } from "../../databricks/index.js";
import type { Plain } from "../dyn.js";
import { jobRemote } from "../plan/remote.js";
import { jobWire, toWire } from "./wire.js";

type Obj = Record<string, Plain>;

/** CRUD of one resource type as the direct engine does it (bundle/direct/dresources). */
export interface ResourceHandler {
  /** Returns the id the state records (`__id__`). */
  create(value: Obj): Promise<string>;
  /** Returns the id, which changes when the resource is renamed (models are keyed by name). */
  update(id: string, value: Obj, old: Obj): Promise<string>;
  delete(id: string): Promise<void>;
  /** False when the resource was deleted out of band: the plan then creates it again. */
  exists(id: string): Promise<boolean>;
  /**
   * The remote object (jobs: settings and job fields, compared with the config by the plan) or the
   * remote fields other resources refer to that the state does not hold (models' numeric
   * `model_id`, which the permissions API keys models by); null when the resource is gone.
   */
  readonly read?: (id: string) => Promise<Obj | null>;
}

const gone = async (probe: () => Promise<unknown>): Promise<boolean> => {
  try {
    await probe();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
};

const str = (v: Plain | undefined): string | undefined => (typeof v === "string" ? v : undefined);

export function resourceHandlers(
  client: Pick<DatabricksClient, "jobs" | "rest">,
): Record<string, ResourceHandler> {
  const rest = client.rest;
  const call = <T>(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    body?: unknown,
    query?: Record<string, string>,
  ): Promise<T> =>
    rest.call<T>({
      method,
      path,
      ...(body === undefined ? {} : { body }),
      ...(query === undefined ? {} : { query }),
      idempotent: method !== "POST",
    });
  // The Databricks spelling of the read answers the numeric id too (the CLI's DoRead of models).
  const readModel = async (name: string): Promise<Obj | null> => {
    try {
      const r = await call<{ registered_model_databricks?: { id?: string } }>(
        "GET",
        "/api/2.0/mlflow/databricks/registered-models/get",
        undefined,
        { name },
      );
      // Terraform calls the same id registered_model_id (terraform_dabs_map); configs use both names.
      const id = r.registered_model_databricks?.id ?? null;
      return { model_id: id, registered_model_id: id };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  };
  const ucPath = (id: string): string => `/api/2.1/unity-catalog/models/${encodeURIComponent(id)}`;
  return {
    jobs: {
      create: async (v) => (await client.jobs.create(jobWire(v))).job_id,
      update: async (id, v) => (await client.jobs.reset(id, jobWire(v)), id),
      delete: (id) => client.jobs.delete(id),
      exists: (id) => gone(() => client.jobs.get(id)),
      // The same GET as exists: the plan compares the remote settings with the config (drift).
      read: async (id) => {
        try {
          return jobRemote(await client.jobs.get(id)) as Obj;
        } catch (err) {
          if (isNotFound(err)) return null;
          throw err;
        }
      },
    },
    experiments: {
      create: async (v) =>
        (await call<{ experiment_id: string }>("POST", "/api/2.0/mlflow/experiments/create", toWire(v)))
          .experiment_id,
      async update(id, v, old) {
        if (str(v["name"]) !== str(old["name"]))
          await call("POST", "/api/2.0/mlflow/experiments/update", {
            experiment_id: id,
            new_name: v["name"],
          });
        return id;
      },
      delete: async (id) =>
        void (await call("POST", "/api/2.0/mlflow/experiments/delete", { experiment_id: id })),
      exists: async (id) => {
        try {
          const r = await call<{ experiment?: { lifecycle_stage?: string } }>(
            "GET",
            "/api/2.0/mlflow/experiments/get",
            undefined,
            { experiment_id: id },
          );
          return r.experiment?.lifecycle_stage !== "deleted";
        } catch (err) {
          if (isNotFound(err)) return false;
          throw err;
        }
      },
    },
    models: {
      create: async (v) =>
        (
          await call<{ registered_model: { name: string } }>(
            "POST",
            "/api/2.0/mlflow/registered-models/create",
            toWire(v),
          )
        ).registered_model.name,
      async update(id, v) {
        await call("PATCH", "/api/2.0/mlflow/registered-models/update", {
          name: id,
          description: v["description"] ?? "",
        });
        return id;
      },
      delete: async (id) =>
        void (await call("DELETE", "/api/2.0/mlflow/registered-models/delete", { name: id })),
      exists: async (id) => (await readModel(id)) !== null,
      read: readModel,
    },
    registered_models: {
      create: async (v) => {
        const m = await call<{ full_name?: string }>("POST", "/api/2.1/unity-catalog/models", toWire(v));
        return (
          m.full_name ?? [v["catalog_name"], v["schema_name"], v["name"]].map((x) => str(x) ?? "").join(".")
        );
      },
      async update(id, v) {
        const { catalog_name: _c, schema_name: _s, name: _n, ...rest } = v;
        await call("PATCH", ucPath(id), toWire(rest));
        return id;
      },
      delete: async (id) => void (await call("DELETE", ucPath(id))),
      exists: (id) => gone(() => call("GET", ucPath(id))),
    },
  };
}
