import { hasErrors } from "../../bundles/diagnostics.js";
import type { Plain } from "../../bundles/dyn.js";
import { stateFiles, layoutOf } from "../../bundles/deploy/layout.js";
import { remoteFs } from "../../bundles/deploy/remote.js";
import { validateWithLookups } from "../../bundles/lookup-driver.js";
import { createRestLookups } from "../../bundles/lookup-rest.js";
import { readState } from "../../bundles/plan/state.js";
import { prepareSchema } from "../../bundles/schema.js";
import type { BundleSource } from "../../bundles/source.js";
import type { DatabricksClient } from "../../databricks/client.js";
import { UpstreamError } from "../../errors/taxonomy.js";
import type { DeploymentResult, ResolveDeploymentInput } from "./pipeline.contracts.js";

/** The workspace calls the resolution needs: who we are (development-mode root paths), lookups, files. */
export type DeploymentClient = Pick<DatabricksClient, "scim" | "rest" | "workspace" | "workspaceFiles">;

// Only the workspace paths are needed, and they do not depend on schema checks: an open schema will do.
const OPEN_SCHEMA = prepareSchema({});

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * Reads what the bundle engine (or the Databricks CLI) recorded for a target: the bundle is resolved as
 * `bundle validate` would (as the app's identity, so development mode finds `/Users/<me>/.bundle/...`),
 * then `state/resources.json` gives job and experiment ids and the serial, `state/metadata.json` the
 * commit. A target never deployed, or a step's job missing from the state, is a `notDeployed` result.
 */
export async function resolveDeployment(
  client: DeploymentClient,
  source: BundleSource,
  input: ResolveDeploymentInput,
): Promise<DeploymentResult> {
  const me = await client.scim.me();
  const validated = await validateWithLookups(
    {
      source,
      currentUser: { userName: me.userName, id: me.id },
      schema: OPEN_SCHEMA,
      target: input.target,
    },
    createRestLookups(client.rest),
  );
  if (validated.config === undefined || hasErrors(validated.diagnostics)) {
    const errors = validated.diagnostics.filter((d) => d.severity === "error").map((d) => d.summary);
    return {
      kind: "notDeployed",
      message: `bundle ${input.bundle} does not resolve for target ${input.target}: ${errors.join("; ")}`,
    };
  }
  const files = stateFiles(layoutOf(validated.config));
  const fs = remoteFs(client);
  const text = await fs.readText(files.resources);
  if (text === undefined)
    return {
      kind: "notDeployed",
      message: `bundle ${input.bundle} was never deployed to target ${input.target} (no ${files.resources})`,
    };
  const parsed = readState(text, files.resources);
  if (parsed.kind === "error")
    throw new UpstreamError(`deployment state unreadable: ${parsed.message}`, {
      code: "DEPLOYMENT_STATE_INVALID",
      retryable: false,
    });
  const { state, serial } = parsed.state;
  const missing = input.jobs.filter((key) => state[`resources.jobs.${key}`] === undefined);
  if (missing.length > 0)
    return {
      kind: "notDeployed",
      message: `job ${missing.map((k) => `resources.jobs.${k}`).join(", ")} of bundle ${input.bundle} is not deployed to target ${input.target} (state serial ${serial})`,
    };
  const jobIds = Object.fromEntries(input.jobs.map((key) => [key, state[`resources.jobs.${key}`]!.__id__]));
  const experimentIds = Object.entries(state)
    .filter(([node]) => node.startsWith("resources.experiments.") && node.split(".").length === 3)
    .map(([, entry]) => entry.__id__);
  return {
    kind: "deployed",
    jobIds,
    serial,
    commit: commitOf(await fs.readText(files.metadata)),
    statePath: files.resources,
    experimentIds,
  };
}

/** `config.bundle.git.commit` of metadata.json; null without git metadata or a readable file. */
export function commitOf(metadata: string | undefined): string | null {
  if (metadata === undefined) return null;
  try {
    const commit = obj(obj(obj(obj(JSON.parse(metadata) as Plain)["config"])["bundle"])["git"])["commit"];
    return typeof commit === "string" && commit !== "" ? commit : null;
  } catch {
    return null;
  }
}
