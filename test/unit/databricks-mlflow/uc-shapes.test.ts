import { describe, expect, it } from "vitest";
import { RouteError } from "../../../local/databricks/mlflow/http.js";
import {
  isUcName,
  parseFullName,
  ucModel,
  ucName,
  ucVersion,
  versionNumber,
} from "../../../local/databricks/mlflow/uc-shapes.js";

describe("UC names over MLflow registered model names", () => {
  it("maps catalog.schema.model to the same MLflow name", () => {
    expect(ucName("main", "ml_dev", "churn")).toEqual({
      catalog_name: "main",
      schema_name: "ml_dev",
      name: "churn",
      full_name: "main.ml_dev.churn",
    });
    expect(parseFullName("main.ml_dev.churn").name).toBe("churn");
  });

  it.each(["churn", "a.b", "a.b.c.d", "a..c", "a.b/c.d", "a.b.c'", "a.b. c"])("rejects %j", (name) => {
    expect(() => parseFullName(name)).toThrow(RouteError);
    expect(isUcName(name)).toBe(false);
  });

  it("rejects missing parts as INVALID_PARAMETER_VALUE", () => {
    expect(() => ucName("main", undefined, "m")).toThrow(
      expect.objectContaining({ errorCode: "INVALID_PARAMETER_VALUE" }),
    );
  });

  it.each(["0", "-1", "1.5", "x", ""])("rejects version %j", (v) => {
    expect(() => versionNumber(v)).toThrow(RouteError);
  });
});

describe("UC shapes", () => {
  const model = {
    name: "main.ml.churn",
    description: "churn",
    creation_timestamp: 10,
    last_updated_timestamp: 20,
    aliases: [{ alias: "champion", version: "3" }],
  };

  it("turns an MLflow registered model into RegisteredModelInfo", () => {
    expect(ucModel(model, true)).toEqual({
      full_name: "main.ml.churn",
      catalog_name: "main",
      schema_name: "ml",
      name: "churn",
      comment: "churn",
      created_at: 10,
      updated_at: 20,
      aliases: [{ alias_name: "champion", version_num: 3 }],
    });
    expect(ucModel(model, false)).not.toHaveProperty("aliases");
  });

  it("turns an MLflow model version into ModelVersionInfo with an integer version", () => {
    const version = {
      name: "main.ml.churn",
      version: "3",
      creation_timestamp: 10,
      last_updated_timestamp: 20,
      user_id: "dev@example.com",
      source: "models:/m-1",
      run_id: "abc",
      status: "READY",
      description: "",
      aliases: ["champion"],
    };
    expect(ucVersion(version, true)).toEqual({
      model_name: "churn",
      catalog_name: "main",
      schema_name: "ml",
      version: 3,
      created_at: 10,
      created_by: "dev@example.com",
      updated_at: 20,
      source: "models:/m-1",
      run_id: "abc",
      status: "READY",
      aliases: [{ alias_name: "champion", version_num: 3 }],
    });
  });
});
