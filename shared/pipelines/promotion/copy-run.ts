import type { DatabricksClient } from "../../databricks/client.js";
import { COPY_SCRIPT, COPY_SCRIPT_FOLDER, COPY_SCRIPT_PATH } from "./copy-script.js";

/** One copy of a model version, run as a one-time job run in the target's workspace. */
export interface CopyRunRequest {
  readonly sourceModel: string;
  readonly sourceVersion: string;
  readonly targetModel: string;
  /** Lineage tags the copy carries (the script adds `promoted_from`). */
  readonly tags: Readonly<Record<string, string>>;
  /** At most 64 characters; Databricks starts exactly one run per token. */
  readonly idempotencyToken: string;
}

/** Starts copy runs in one workspace. */
export interface CopyRunner {
  /** Imports the script (same bytes every time, overwrite) and submits the run; returns its run id. */
  submit(request: CopyRunRequest): Promise<string>;
}

/** A copy is a few registry calls and one artifact upload; an hour means something is stuck. */
const RUN_TIMEOUT_SECONDS = 3_600;
const ENVIRONMENT_KEY = "mlflow";
const runIdKeys: ReadonlySet<string> = new Set(["run_id"]);

/** The `runs/submit` body: one serverless Python script task with MLflow ≥ 3.4 (UC copy support). */
export function copyRunBody(request: CopyRunRequest): Record<string, unknown> {
  return {
    run_name: `promotion copy ${request.sourceModel}/${request.sourceVersion} -> ${request.targetModel}`,
    idempotency_token: request.idempotencyToken,
    timeout_seconds: RUN_TIMEOUT_SECONDS,
    tasks: [
      {
        task_key: "copy_model_version",
        environment_key: ENVIRONMENT_KEY,
        spark_python_task: {
          python_file: COPY_SCRIPT_PATH,
          parameters: [
            request.sourceModel,
            request.sourceVersion,
            request.targetModel,
            JSON.stringify(request.tags),
          ],
        },
      },
    ],
    environments: [
      {
        environment_key: ENVIRONMENT_KEY,
        spec: { environment_version: "4", dependencies: ["mlflow>=3.4"] },
      },
    ],
  };
}

/**
 * Over the Databricks client: workspace mkdirs + import (AUTO of a `.py` without a notebook header
 * makes a workspace file, which spark_python_task runs), then `POST /api/2.2/jobs/runs/submit`.
 * The submit is retried safely because it carries an idempotency token.
 */
export function databricksCopyRunner(client: Pick<DatabricksClient, "workspace" | "rest">): CopyRunner {
  const content = Buffer.from(COPY_SCRIPT, "utf8").toString("base64");
  return {
    async submit(request) {
      await client.workspace.mkdirs(COPY_SCRIPT_FOLDER);
      await client.workspace.import({ path: COPY_SCRIPT_PATH, content, format: "AUTO", overwrite: true });
      const res = await client.rest.call<{ run_id: string }>({
        method: "POST",
        path: "/api/2.2/jobs/runs/submit",
        body: copyRunBody(request),
        idKeys: runIdKeys,
        idempotent: true,
      });
      return res.run_id;
    },
  };
}
