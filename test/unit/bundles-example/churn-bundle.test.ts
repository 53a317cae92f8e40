import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  prepareSchema,
  renderDiagnostic,
  validateBundle,
  type CurrentUser,
  type JsonSchema,
  type ValidateResult,
} from "../../../shared/bundles/index.js";
import { nodeSource } from "../../conformance/node-source.js";

// The example bundle must validate with our engine for every target, against the official bundle schema.
// The schema is reference material beside the repository (Databricks License, not copied in); a checkout
// without it still runs the engine's semantic checks, and says loudly that the schema checks were skipped.
const repoRoot = resolve(import.meta.dirname, "..", "..", "..");
const schemaFile = resolve(repoRoot, "../shared/reference/databricks-bundle-schema.json");
if (!existsSync(schemaFile))
  console.warn(
    `SKIPPING schema checks of bundles/churn: ${schemaFile} is missing (semantic checks still run)`,
  );
const schema = prepareSchema(
  existsSync(schemaFile) ? (JSON.parse(readFileSync(schemaFile, "utf8")) as JsonSchema) : {},
);
const user: CurrentUser = { userName: "ana@example.com", id: "1000012345" };
const deployer: CurrentUser = {
  userName: "11111111-2222-4333-8444-555555555555",
  id: "1000099999",
  isServicePrincipal: true,
};

interface Job {
  name: string;
  parameters: { name: string; default: string }[];
  tasks: { task_key: string; spark_python_task: { python_file: string; parameters: string[] } }[];
}
interface Resolved {
  bundle: { target: string; mode?: string };
  run_as?: { service_principal_name?: string };
  permissions?: unknown[];
  variables: Record<string, { value: unknown }>;
  resources: {
    jobs: Record<string, Job>;
    registered_models: Record<string, { name: string; schema_name: string }>;
  };
}

function validate(
  target: string,
  currentUser: CurrentUser = user,
): { result: ValidateResult; config: Resolved } {
  const result = validateBundle({
    source: nodeSource(resolve(repoRoot, "bundles/churn")),
    currentUser,
    schema,
    target,
  });
  return { result, config: result.config as unknown as Resolved };
}

const errorsOf = (r: ValidateResult): string[] =>
  r.diagnostics.filter((d) => d.severity === "error").map((d) => renderDiagnostic(d));

describe("bundles/churn validates with the native engine", () => {
  it.each([
    ["local", user],
    ["dev", user],
    ["staging", deployer],
    ["prod", deployer],
  ] as const)("target %s has no errors", (target, currentUser) => {
    const { result, config } = validate(target, currentUser);
    expect(errorsOf(result)).toEqual([]);
    expect(config.bundle.target).toBe(target);
    expect(Object.keys(config.resources.jobs).sort()).toEqual(["evaluate", "register", "train"]);
  });

  it("development targets prefix names with the user", () => {
    for (const target of ["local", "dev"]) {
      const { config } = validate(target);
      expect(config.bundle.mode).toBe("development");
      expect(config.resources.jobs.train?.name).toBe("[dev ana] churn-train");
      expect(config.resources.registered_models.churn_model?.name).toBe("dev_ana_churn");
    }
    expect(validate("local").config.resources.registered_models.churn_model?.schema_name).toBe("ml_local");
  });

  it("production targets run as a service principal with explicit permissions and no prefix", () => {
    for (const target of ["staging", "prod"]) {
      const { config } = validate(target, deployer);
      expect(config.bundle.mode).toBe("production");
      expect(config.run_as?.service_principal_name).toMatch(/^[0-9a-f-]{36}$/);
      expect(config.permissions?.length).toBeGreaterThan(0);
      expect(config.resources.jobs.register?.name).toBe("churn-register");
    }
  });

  it("every job parameter reaches its script, and the orchestrator's inputs are job parameters", () => {
    const { config } = validate("dev");
    const expected: Record<string, string[]> = {
      train: ["input_paths", "experiment_name", "orchestration_id", "commit_sha"],
      evaluate: [
        "run_id",
        "experiment_name",
        "orchestration_id",
        "model_name",
        "holdout_paths",
        "min_roc_auc",
      ],
      register: ["run_id", "experiment_name", "orchestration_id", "commit_sha", "model_name", "alias"],
    };
    for (const [key, names] of Object.entries(expected)) {
      const job = config.resources.jobs[key];
      if (job === undefined) throw new Error(`job ${key} missing`);
      const declared = job.parameters.map((p) => p.name);
      expect(declared).toEqual(expect.arrayContaining(names));
      const task = job.tasks[0];
      expect(task?.spark_python_task.python_file).toMatch(new RegExp(`/files/src/${key}\\.py$`));
      for (const name of declared) {
        expect(task?.spark_python_task.parameters).toContain(
          `--${name.replace(/_/g, "-")}={{job.parameters.${name}}}`,
        );
      }
    }
    const train = config.resources.jobs.train;
    expect(train?.parameters.find((p) => p.name === "input_paths")?.default).toMatch(
      /^abfss:\/\/landing@stchurndev/,
    );
  });
});
