import type { z } from "zod";
import { ConfigError, type ConfigProblem } from "../errors/taxonomy.js";
import { databricksProblems } from "./databricks.js";
import { githubProblems } from "./github.js";
import { promotionProblems } from "./promotion.js";
import { configSchema, hostStorageProblems, type Config } from "./schema.js";

/** Deep-freezes plain objects so no module can change settings after startup. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function toProblems(issues: readonly z.core.$ZodIssue[], env: Readonly<Record<string, string | undefined>>) {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const name = String(issue.path[0] ?? "(config)");
    // Zod's default texts describe types; ours never echo the value. Missing wins over format.
    const reason = env[name] === undefined ? "is required" : issue.message;
    if (!problems.some((p) => p.name === name)) problems.push({ name, reason });
  }
  return problems;
}

/**
 * Reads and validates every setting. The only reader of `process.env` in the app (lint enforces it).
 * Empty strings count as unset, because local.settings.json and portal forms leave blanks behind.
 *
 * @throws ConfigError listing every invalid setting by name and reason (never by value).
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = configSchema.safeParse(present);
  const problems = [
    ...hostStorageProblems(present),
    ...promotionProblems(present),
    ...databricksProblems(present),
    ...githubProblems(present),
    ...(parsed.success ? [] : toProblems(parsed.error.issues, present)),
  ];
  const unique = problems.filter((p, i) => problems.findIndex((q) => q.name === p.name) === i);
  if (!parsed.success || unique.length > 0) throw new ConfigError(unique);
  return deepFreeze(parsed.data);
}
