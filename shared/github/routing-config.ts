import { z } from "zod";

// Databricks bundle target names: the same characters the bundle schema allows in map keys we use.
const targetName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { error: "must be a bundle target name" });
// Control characters and spaces are not valid in git ref names (git check-ref-format), so not in patterns.
const refPattern = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\s\p{Cc}]+$/u, {
    error: "must be a branch or tag pattern without spaces or control characters",
  });
// GitHub owner and repository names: letters, digits, `-`, and `.`/`_` in repository names.
const repositoryName = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, { error: "must be owner/name" });

const branchRoute = z.strictObject({ branch: refPattern, target: targetName });
const tagRoute = z.strictObject({ tag: refPattern, target: targetName });

/** Where pushes go: which repositories we accept, which refs deploy to which target. */
export const routingConfigSchema = z
  .strictObject({
    /** `owner/name` of every repository whose pushes may deploy; compared case-insensitively, as GitHub does. */
    repositories: z.array(repositoryName).min(1),
    /** First matching route wins. */
    routes: z.array(z.union([branchRoute, tagRoute])).min(1),
    /** Targets a push never deploys to: they are reached by promotion only (issue #8). */
    promotionOnly: z.array(targetName).default([]),
    /** Folder holding one folder per bundle, each with its databricks.yml. */
    bundlesDir: z
      .string()
      .regex(/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/, { error: "must be a relative folder path" })
      .refine((p) => !p.split("/").includes(".."), { error: "must stay inside the repository" })
      .default("bundles"),
  })
  .readonly();

/** Validated routing configuration. */
export type RoutingConfig = z.output<typeof routingConfigSchema>;

/** One route, normalised to the ref kind it matches. */
export interface Route {
  readonly kind: "branch" | "tag";
  readonly pattern: string;
  readonly target: string;
}

/** The routes of a config in order, with their kind made explicit. */
export function routesOf(config: RoutingConfig): Route[] {
  return config.routes.map((r) =>
    "branch" in r
      ? { kind: "branch", pattern: r.branch, target: r.target }
      : { kind: "tag", pattern: r.tag, target: r.target },
  );
}

/** Parses the JSON text of the routing setting; zod issues name the bad field, never echo secrets. */
export function parseRoutingConfig(text: string): RoutingConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TypeError("routing configuration is not valid JSON");
  }
  return routingConfigSchema.parse(json);
}
