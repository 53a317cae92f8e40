import { RouteError } from "./http.js";

/**
 * Unity Catalog models over the MLflow registry. The mapping is the identity: the UC model
 * `catalog.schema.model` is the MLflow registered model named `catalog.schema.model` (MLflow allows dots),
 * which is also the name Databricks' MLflow client uses for it. So a model that local training code
 * registers under a three-part name is a UC model too. UC `comment` is MLflow `description`, UC version
 * numbers are MLflow's version strings as integers, UC aliases are MLflow aliases.
 */
export interface UcName {
  catalog_name: string;
  schema_name: string;
  name: string;
  full_name: string;
}

/** UC identifiers here: no dots (they separate the levels), slashes, colons, quotes or whitespace. */
const part = /^[^./:'"`\s]+$/;

export function ucName(catalog: unknown, schema: unknown, name: unknown): UcName {
  for (const [field, value] of [
    ["catalog_name", catalog],
    ["schema_name", schema],
    ["name", name],
  ] as const) {
    if (typeof value !== "string" || !part.test(value)) {
      throw new RouteError("INVALID_PARAMETER_VALUE", `Invalid ${field}: ${JSON.stringify(value ?? null)}`);
    }
  }
  const [c, s, n] = [catalog, schema, name] as [string, string, string];
  return { catalog_name: c, schema_name: s, name: n, full_name: `${c}.${s}.${n}` };
}

/** Parses `catalog.schema.model`; anything else is an invalid full name. */
export function parseFullName(fullName: string): UcName {
  const parts = fullName.split(".");
  if (parts.length !== 3) {
    throw new RouteError(
      "INVALID_PARAMETER_VALUE",
      `Invalid full name '${fullName}': expected catalog.schema.model`,
    );
  }
  return ucName(parts[0], parts[1], parts[2]);
}

/** True when an MLflow registered model name is a UC three-part name. */
export function isUcName(mlflowName: string): boolean {
  try {
    parseFullName(mlflowName);
    return true;
  } catch {
    return false;
  }
}

export interface MlflowModel {
  name: string;
  description?: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  aliases?: { alias: string; version: string }[];
  tags?: { key: string; value: string }[];
}

export interface MlflowVersion {
  name: string;
  version: string;
  description?: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  source?: string;
  run_id?: string;
  status?: string;
  aliases?: string[];
}

export function ucModel(model: MlflowModel, includeAliases: boolean): Record<string, unknown> {
  const name = parseFullName(model.name);
  return omitUndefined({
    ...name,
    comment: model.description || undefined,
    created_at: model.creation_timestamp,
    updated_at: model.last_updated_timestamp,
    aliases: includeAliases
      ? (model.aliases ?? []).map((a) => ({ alias_name: a.alias, version_num: Number(a.version) }))
      : undefined,
  });
}

export function ucVersion(version: MlflowVersion, includeAliases: boolean): Record<string, unknown> {
  const { catalog_name, schema_name, name } = parseFullName(version.name);
  const version_num = Number(version.version);
  return omitUndefined({
    model_name: name,
    catalog_name,
    schema_name,
    version: version_num,
    comment: version.description || undefined,
    created_at: version.creation_timestamp,
    created_by: version.user_id || undefined,
    updated_at: version.last_updated_timestamp,
    source: version.source,
    run_id: version.run_id || undefined,
    // MLflow OSS registers synchronously, so its versions are READY like a finalised UC version.
    status: version.status ?? "READY",
    aliases: includeAliases
      ? (version.aliases ?? []).map((alias_name) => ({ alias_name, version_num }))
      : undefined,
  });
}

/** Version path segment: a positive integer. */
export function versionNumber(segment: string): number {
  const n = Number(segment);
  if (!/^\d+$/.test(segment) || !Number.isSafeInteger(n) || n < 1) {
    throw new RouteError(
      "INVALID_PARAMETER_VALUE",
      `Invalid version '${segment}': expected a positive integer`,
    );
  }
  return n;
}

function omitUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
