import { parseDocument } from "yaml";
import type { z } from "zod";
import { ValidationError } from "../../errors/taxonomy.js";
import { pipelineConfigSchema, type PipelineConfig } from "./schema.js";

/** The conventional file name, next to databricks.yml. */
export const PIPELINE_CONFIG_FILE = "orchestrator.yml";

/** One problem, located by the path of the field (`landing[0].quiet_window`) or by YAML line. */
export interface PipelineConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** The sidecar config is invalid; lists every problem so one edit fixes them all. */
export class PipelineConfigError extends ValidationError {
  readonly problems: readonly PipelineConfigProblem[];

  constructor(file: string, problems: readonly PipelineConfigProblem[]) {
    const list = problems.map((p) => `${p.path}: ${p.message}`).join("; ");
    super(`${file} is invalid: ${list}`, { code: "PIPELINE_CONFIG_INVALID" });
    this.problems = Object.freeze([...problems]);
  }
}

/** `["landing", 0, "name"]` → `landing[0].name`; the root is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  const text = path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
  return text === "" ? "(root)" : text;
}

function problemsOf(issues: readonly z.core.$ZodIssue[]): PipelineConfigProblem[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: "is not a known field" }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
}

/** Validates an already parsed document (JSON or YAML). @throws PipelineConfigError */
export function validatePipelineConfig(value: unknown, file = PIPELINE_CONFIG_FILE): PipelineConfig {
  const parsed = pipelineConfigSchema.safeParse(value);
  if (!parsed.success) throw new PipelineConfigError(file, problemsOf(parsed.error.issues));
  return parsed.data;
}

/** Parses and validates the sidecar YAML. Duplicate keys are errors, not silent overrides. @throws PipelineConfigError */
export function parsePipelineConfig(text: string, file = PIPELINE_CONFIG_FILE): PipelineConfig {
  const doc = parseDocument(text, { uniqueKeys: true, merge: false, prettyErrors: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({
      path: e.linePos ? `(line ${e.linePos[0].line})` : "(yaml)",
      message: e.message.split("\n")[0] ?? e.message,
    }));
    throw new PipelineConfigError(file, problems);
  }
  return validatePipelineConfig(doc.toJS({ maxAliasCount: 100 }), file);
}
