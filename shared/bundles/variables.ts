import { error, type Diagnostic } from "./diagnostics.js";
import { isMap, isNull, map, scalar, str, type DMap, type DValue } from "./dyn.js";
import { describeLookup, parseLookup, type LookupFn, type LookupRequest } from "./lookup.js";

/** Values given on the command line (`--var a=b`, in order), the process environment and lookup answers. */
export interface VariableInputs {
  readonly vars?: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Ids of the workspace objects `lookup` variables name (see lookup.ts); absent: none resolved yet. */
  readonly lookup?: LookupFn;
}

const hint = (name: string): string =>
  `Variables are usually assigned in databricks.yml, and they can be overridden using "--var", the BUNDLE_VAR_${name} environment variable, or .databricks/bundle/<target>/variable-overrides.json`;

/**
 * Sets `variables.<name>.value` with the CLI's precedence: --var > BUNDLE_VAR_<name> > lookup > default
 * (bundle/config/mutator/set_variables.go, resolve_lookup_variables.go). A lookup nobody answered yet
 * is an error and is listed in `pending`, so a caller with API access can resolve it and run again.
 */
export function setVariables(config: DMap, inputs: VariableInputs): { config: DMap; diagnostics: Diagnostic[]; pending: LookupRequest[] } {
  const diagnostics: Diagnostic[] = [];
  const pending: LookupRequest[] = [];
  const cli = parseVarArgs(inputs.vars ?? [], diagnostics);
  const vars = config.entries.get("variables");
  if (!isMap(vars)) return { config, diagnostics, pending };
  const out = new Map<string, DValue>();
  for (const [name, spec0] of vars.entries) {
    const spec = isMap(spec0) ? spec0 : map([], spec0.loc);
    const value = pickValue(name, spec, { cli: cli.get(name), env: inputs.env?.[`BUNDLE_VAR_${name}`], lookup: inputs.lookup, pending }, diagnostics);
    const entries = new Map(spec.entries);
    if (value !== undefined) entries.set("value", value);
    out.set(name, map(entries, spec.loc));
  }
  for (const name of cli.keys()) {
    if (!vars.entries.has(name)) diagnostics.push(error(`variable ${name} has not been defined`));
  }
  const entries = new Map(config.entries);
  entries.set("variables", map(out, vars.loc));
  return { config: map(entries, config.loc), diagnostics, pending };
}

interface Sources {
  readonly cli: string | undefined;
  readonly env: string | undefined;
  readonly lookup: LookupFn | undefined;
  readonly pending: LookupRequest[];
}

function pickValue(name: string, spec: DMap, src: Sources, diags: Diagnostic[]): DValue | undefined {
  const { cli, env } = src;
  const complex = str(spec.entries.get("type")) === "complex";
  if (cli !== undefined) return scalar(cli);
  // A `value` written in the config is already assigned (set_variables.go skips such variables).
  const preset = spec.entries.get("value");
  if (preset !== undefined && !isNull(preset)) return preset;
  if (env !== undefined) {
    if (!complex) return scalar(env);
    diags.push(error(`setting via environment variables (BUNDLE_VAR_${name}) is not supported for complex variable ${name}`, spec.loc));
    return undefined;
  }
  const lookup = spec.entries.get("lookup");
  if (lookup !== undefined && !isNull(lookup)) return lookupValue(name, lookup, src, diags);
  const def = spec.entries.get("default");
  if (def !== undefined && !isNull(def)) return def;
  diags.push(error(`no value assigned to required variable ${name}. ${hint(name)}`, spec.loc));
  return undefined;
}

function parseVarArgs(args: readonly string[], diags: Diagnostic[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq <= 0) {
      diags.push(error(`unexpected flag value for variable assignment: ${arg}. Expected format is name=value`));
      continue;
    }
    const name = arg.slice(0, eq);
    if (out.has(name)) {
      diags.push(error(`failed to assign ${arg.slice(eq + 1)} to ${name}: variable has already been assigned value: ${out.get(name) ?? ""}`));
      continue;
    }
    out.set(name, arg.slice(eq + 1));
  }
  return out;
}

function lookupValue(name: string, block: DValue, src: Sources, diags: Diagnostic[]): DValue | undefined {
  const req = parseLookup(block);
  const fail = (what: string, why: string): undefined => {
    diags.push(error(`failed to resolve ${what}, err: ${why}`, block.loc, ["variables", name, "lookup"]));
    return undefined;
  };
  if ("error" in req) return fail("", req.error);
  const answer = src.lookup?.(req);
  if (answer === undefined) {
    src.pending.push(req);
    return fail(describeLookup(req), "not resolved: this step has no workspace access (resolve lookups through the API first, or assign the variable with --var)");
  }
  return "id" in answer ? scalar(answer.id, block.loc) : fail(describeLookup(req), answer.error);
}
