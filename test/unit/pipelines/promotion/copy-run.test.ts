import { describe, expect, it } from "vitest";
import { DatabricksError } from "../../../../shared/databricks/errors.js";
import type { ApiRequest } from "../../../../shared/databricks/http.js";
import { copyRunBody, databricksCopyRunner } from "../../../../shared/pipelines/promotion/copy-run.js";
import { COPY_SCRIPT, COPY_SCRIPT_PATH } from "../../../../shared/pipelines/promotion/copy-script.js";
import { databricksCopier } from "../../../../shared/pipelines/promotion/registry-copy.js";

const request = {
  sourceModel: "staging.ml.churn",
  sourceVersion: "4",
  targetModel: "prod.ml.churn",
  tags: { commit_sha: "abc1234" },
  idempotencyToken: "copy-1",
};

async function* items<T>(list: T[]): AsyncIterable<T> {
  for (const item of list) yield await Promise.resolve(item);
}

describe("copy run", () => {
  it("imports the versioned script, then submits one serverless Python task with the token", async () => {
    const calls: string[] = [];
    const sent: ApiRequest[] = [];
    const runner = databricksCopyRunner({
      workspace: {
        mkdirs: (path: string) => (calls.push(`mkdirs ${path}`), Promise.resolve()),
        import: (req: { path: string; content?: string; format?: string; overwrite?: boolean }) => {
          calls.push(`import ${req.path} ${String(req.format)} ${String(req.overwrite)}`);
          expect(Buffer.from(req.content ?? "", "base64").toString("utf8")).toBe(COPY_SCRIPT);
          return Promise.resolve();
        },
      } as never,
      rest: {
        call: <T>(req: ApiRequest) => {
          calls.push(`${req.method} ${req.path}`);
          sent.push(req);
          return Promise.resolve({ run_id: "81" } as T);
        },
      },
    });
    expect(await runner.submit(request)).toBe("81");
    expect(calls).toEqual([
      "mkdirs /Workspace/Shared/.ml-orchestrator/promotion",
      `import ${COPY_SCRIPT_PATH} AUTO true`,
      "POST /api/2.2/jobs/runs/submit",
    ]);
    expect(sent[0]).toMatchObject({ idempotent: true, body: copyRunBody(request) });
    expect(copyRunBody(request)).toMatchObject({
      idempotency_token: "copy-1",
      tasks: [
        {
          environment_key: "mlflow",
          spark_python_task: {
            python_file: COPY_SCRIPT_PATH,
            parameters: ["staging.ml.churn", "4", "prod.ml.churn", '{"commit_sha":"abc1234"}'],
          },
        },
      ],
      environments: [{ environment_key: "mlflow", spec: { dependencies: ["mlflow>=3.4"] } }],
    });
  });

  it("the script uses MLflow's copy_model_version and looks for its marker first", () => {
    expect(COPY_SCRIPT).toContain("client.copy_model_version(");
    expect(COPY_SCRIPT.indexOf("existing_copy(client")).toBeLessThan(
      COPY_SCRIPT.indexOf("copy_model_version("),
    );
    expect(COPY_SCRIPT).toContain('"databricks-uc"');
  });
});

describe("finding a copy by its marker", () => {
  const uc = (versions: { version: number; source?: string; status?: string }[] | "missing") =>
    databricksCopier({
      unityCatalog: {
        listModelVersions: () =>
          versions === "missing"
            ? (async function* () {
                yield await Promise.reject(
                  new DatabricksError({
                    errorCode: "RESOURCE_DOES_NOT_EXIST",
                    message: "no model",
                    status: 404,
                    retryable: false,
                  }),
                );
              })()
            : items(versions),
      },
      mlflow: {},
    } as never);

  it("Unity Catalog: by the models:/ source, ready versions only; no model is no copy", async () => {
    const marker = "staging.ml.churn/4";
    expect(
      await uc([
        { version: 1, source: "models:/staging.ml.churn/3" },
        { version: 2, source: "models:/staging.ml.churn/4", status: "FAILED_REGISTRATION" },
        { version: 3, source: "models:/staging.ml.churn/4", status: "READY" },
      ]).findCopy("prod.ml.churn", marker),
    ).toBe("3");
    expect(await uc([{ version: 1, source: "runs:/r/model" }]).findCopy("prod.ml.churn", marker)).toBeNull();
    expect(await uc("missing").findCopy("prod.ml.churn", marker)).toBeNull();
  });

  it("workspace registry: by the promoted_from tag or the source", async () => {
    const copier = databricksCopier({
      unityCatalog: {},
      mlflow: {
        searchModelVersions: () =>
          items([
            { version: "5", source: "runs:/r/model", tags: [{ key: "promoted_from", value: "churn/2" }] },
            { version: "6", source: "models:/churn/3", tags: [] },
          ]),
      },
    } as never);
    expect(await copier.findCopy("churn_prod", "churn/2")).toBe("5");
    expect(await copier.findCopy("churn_prod", "churn/3")).toBe("6");
    expect(await copier.findCopy("churn_prod", "churn/4")).toBeNull();
  });
});
