import { checkAuthInterpolation } from "./auth-fields.js";
import { checkTerraformOnlyRefs } from "./refs.js";
import { hasErrors, type Diagnostic } from "./diagnostics.js";
import { fromPlain, isMap, toPlain, type DMap, type Plain } from "./dyn.js";
import { buildLocations } from "./locations.js";
import { withEntry } from "./resources.js";
import { resolveReferences } from "./interpolate.js";
import { annotateJobs, applyJobDefaults, applyRunAs, mergeJobElements } from "./jobs.js";
import { loadBundle } from "./load.js";
import type { LookupRequest } from "./lookup.js";
import { normalizeConfig } from "./normalize.js";
import { syncDefaults, withGitDefaults, withGitInfo, type GitInfo } from "./sync.js";
import { syncRoot, translateJobPaths } from "./paths.js";
import { applyBundlePermissions } from "./bundle-permissions.js";
import { fixPermissions } from "./permissions.js";
import { applyMode, applyPresets } from "./presets.js";
import type { PreparedSchema } from "./schema.js";
import { checkSchema } from "./schema-check.js";
import { checkResourceKeyReferences } from "./unique-keys.js";
import { checkResources } from "./semantic.js";
import type { BundleSource } from "./source.js";
import { applyTarget } from "./targets.js";
import { setVariables, type VariableInputs } from "./variables.js";
import { defineWorkspace, shortName, workspacePath, type CurrentUser } from "./workspace.js";

export interface ValidateInput extends VariableInputs {
  readonly source: BundleSource;
  readonly currentUser: CurrentUser;
  readonly schema: PreparedSchema;
  readonly target?: string;
  /** Add the `__locations` block (`validate --include-locations`, see locations.ts). */
  readonly includeLocations?: boolean;
  /** The commit being deployed (`bundle.git`); absent when the source is not a known commit. */
  readonly git?: GitInfo;
}

export interface ValidateResult {
  /** The resolved configuration as `validate -o json` prints it; undefined when loading failed. */
  readonly config: Plain | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** `lookup` variables that needed the API and had no answer in the input (see lookup-driver.ts). */
  readonly pendingLookups?: readonly LookupRequest[];
}

/** References validate resolves; `resources.*` stays for deploy time. */
const STATIC_REFS = new Set(["var", "variables", "bundle", "workspace"]);

/**
 * `bundle validate`: load → target → variables → workspace defaults → mode/presets → interpolation →
 * job defaults → types → paths → annotations → checks. Like the CLI, a failing step stops the
 * pipeline but the config as it was at that point is still returned.
 */
export function validateBundle(input: ValidateInput): ValidateResult {
  const diagnostics: Diagnostic[] = [];
  const loaded = loadBundle(input.source);
  diagnostics.push(...loaded.diagnostics);
  if (!isMap(loaded.config) || hasErrors(diagnostics)) return { config: undefined, diagnostics };
  // Unknown fields are judged on what the user wrote, before computed fields (bundle.target, …) exist.
  const typed = normalizeConfig(loaded.config, input.schema, { unknown: "drop" });
  diagnostics.push(...typed.diagnostics, ...checkResourceKeyReferences(typed.value));
  if (hasErrors(diagnostics)) return { config: undefined, diagnostics };
  const targeted = applyTarget(typed.value as DMap, input.target);
  diagnostics.push(...targeted.diagnostics);
  if (targeted.config === undefined) return { config: undefined, diagnostics };
  let config: DMap = withGitInfo(syncDefaults(targeted.config), input.git);
  const stop = (): ValidateResult => ({
    config: toPlain(
      input.includeLocations === true
        ? withEntry(config, "__locations", fromPlain(buildLocations(config)))
        : config,
    ),
    diagnostics,
  });
  diagnostics.push(...checkAuthInterpolation(config));
  if (hasErrors(diagnostics)) return stop();
  const vars = setVariables(config, input);
  config = vars.config;
  diagnostics.push(...vars.diagnostics);
  if (vars.pending.length > 0) return { ...stop(), pendingLookups: vars.pending };
  if (hasErrors(diagnostics)) return stop();
  config = defineWorkspace(config, input.currentUser);
  const mode = applyMode(config, shortName(input.currentUser));
  config = mode.config;
  diagnostics.push(...mode.diagnostics);
  const resolved = resolveReferences(config, (p) => STATIC_REFS.has(String(p[0])));
  config = resolved.config;
  diagnostics.push(...resolved.diagnostics);
  if (hasErrors(diagnostics)) return stop();
  // Typed again right after interpolation, as the CLI does, so a dropped value gets its default below.
  const normalized = normalizeConfig(config, input.schema, { unknown: "keep" });
  diagnostics.push(...normalized.diagnostics);
  // Keyed merging runs after interpolation: `new_cluster: ${var.c}` in a target merges with the root's map.
  const shared = applyBundlePermissions(
    applyJobDefaults(applyRunAs(applyPresets(mergeJobElements(normalized.value as DMap)))),
  );
  diagnostics.push(...shared.diagnostics);
  config = fixPermissions(shared.config, input.currentUser);
  // bundle_root_path is computed, not a schema field users may set.
  config = withGitDefaults(config);
  diagnostics.push(...checkTerraformOnlyRefs(config));
  if (hasErrors(diagnostics)) return stop();
  const paths = translateJobPaths(config, {
    source: input.source,
    filePath: workspacePath(config, "file_path") ?? "",
    syncRoot: syncRoot(config),
  });
  config = paths.config;
  diagnostics.push(...paths.diagnostics);
  if (hasErrors(diagnostics)) return stop();
  config = annotateJobs(config, workspacePath(config, "state_path") ?? "");
  diagnostics.push(...checkSchema(config, input.schema), ...checkResources(config));
  return stop();
}
