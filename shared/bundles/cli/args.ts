import { parseArgs } from "node:util";

export const COMMANDS = ["validate", "plan", "deploy", "destroy", "summary"] as const;
export type CommandName = (typeof COMMANDS)[number];

/** `bundle <command>` flags, spelled as `databricks bundle` spells them. */
export interface CliArgs {
  readonly command: CommandName;
  readonly target?: string;
  readonly output: "text" | "json";
  readonly vars: readonly string[];
  readonly bundleDir?: string;
  readonly autoApprove: boolean;
  readonly forceLock: boolean;
  /** `deploy --plan <file>`: apply a plan saved by `plan -o json`. */
  readonly plan?: string;
}

export const USAGE = `Usage: npm run bundle -- <validate|plan|deploy|destroy|summary> [-t <target>] [-o text|json]
       [--var name=value]... [--bundle-dir <dir>] [--auto-approve] [--force-lock] [--plan <file>]
Talks to DATABRICKS_HOST with DATABRICKS_TOKEN, or with Azure credentials (@azure/identity) when no token is set.
`;

export type Parsed =
  { readonly kind: "ok"; readonly args: CliArgs } | { readonly kind: "error"; readonly message: string };

export function parseCli(argv: readonly string[]): Parsed {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        target: { type: "string", short: "t" },
        output: { type: "string", short: "o", default: "text" },
        var: { type: "string", multiple: true, default: [] },
        "bundle-dir": { type: "string" },
        "auto-approve": { type: "boolean", default: false },
        "force-lock": { type: "boolean", default: false },
        plan: { type: "string" },
      },
    }));
  } catch (err) {
    return { kind: "error", message: err instanceof Error ? err.message : String(err) };
  }
  const command = positionals[0];
  if (command === undefined || !(COMMANDS as readonly string[]).includes(command))
    return { kind: "error", message: `unknown command ${JSON.stringify(command ?? "")}` };
  if (positionals.length > 1)
    return { kind: "error", message: `unexpected argument ${positionals[1] ?? ""}` };
  if (values.output !== "text" && values.output !== "json")
    return { kind: "error", message: `invalid output format ${values.output}; use text or json` };
  return {
    kind: "ok",
    args: {
      command: command as CommandName,
      output: values.output,
      vars: values.var,
      autoApprove: values["auto-approve"],
      forceLock: values["force-lock"],
      ...(values.target === undefined ? {} : { target: values.target }),
      ...(values["bundle-dir"] === undefined ? {} : { bundleDir: values["bundle-dir"] }),
      ...(values.plan === undefined ? {} : { plan: values.plan }),
    },
  };
}
