import { error, type Diagnostic } from "./diagnostics.js";
import { isMap, isNull, map, scalar, str, type DMap, type DValue } from "./dyn.js";

/** Values given on the command line (`--var a=b`, in order) and the process environment. */
export interface VariableInputs {
  readonly vars?: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const hint = (name: string): string =>
  `Variables are usually assigned in databricks.yml, and they can be overridden using "--var", the BUNDLE_VAR_${name} environment variable, or .databricks/bundle/<target>/variable-overrides.json`;

/**
 * Sets `variables.<name>.value` with the CLI's precedence: --var > BUNDLE_VAR_<name> > lookup > default
 * (bundle/config/mutator/set_variables.go). `lookup` needs the workspace API, which this pure step does
 * not have: such a variable without another value is an error naming the lookup (see ADR 0006).
 */
export function setVariables(config: DMap, inputs: VariableInputs): { config: DMap; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const cli = parseVarArgs(inputs.vars ?? [], diagnostics);
  const vars = config.entries.get("variables");
  if (!isMap(vars)) return { config, diagnostics };
  const out = new Map<string, DValue>();
  for (const [name, spec0] of vars.entries) {
    const spec = isMap(spec0) ? spec0 : map([], spec0.loc);
    const value = pickValue(name, spec, cli.get(name), inputs.env?.[`BUNDLE_VAR_${name}`], diagnostics);
    const entries = new Map(spec.entries);
    if (value !== undefined) entries.set("value", value);
    out.set(name, map(entries, spec.loc));
  }
  for (const name of cli.keys()) {
    if (!vars.entries.has(name)) diagnostics.push(error(`variable ${name} has not been defined`));
  }
  const entries = new Map(config.entries);
  entries.set("variables", map(out, vars.loc));
  return { config: map(entries, config.loc), diagnostics };
}

function pickValue(name: string, spec: DMap, cli: string | undefined, env: string | undefined, diags: Diagnostic[]): DValue | undefined {
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
  if (lookup !== undefined && !isNull(lookup)) {
    const kind = isMap(lookup) ? [...lookup.entries.keys()].join(", ") : "lookup";
    diags.push(error(`variable ${name} uses a lookup (${kind}), which this engine does not resolve yet; assign it with --var or BUNDLE_VAR_${name}`, lookup.loc, ["variables", name, "lookup"]));
    return undefined;
  }
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
