import { parseArgs } from "node:util";

/** Where the running stack is and who acts: shared by `npm run promote` and `npm run approve`. */
export interface Connection {
  /** Host URL; default: the stack file's host component. */
  readonly url: string | undefined;
  readonly stackFile: string;
  /** Development principal name (header `x-dev-principal`, honoured with PROMOTION_DEV_PRINCIPAL=true). */
  readonly as: string;
}

export interface PromoteArgs extends Connection {
  readonly body: {
    readonly bundle: string;
    readonly model: string;
    readonly version?: string;
    readonly from: string;
    readonly to: string;
    readonly reason: string;
  };
}

export interface ApproveArgs extends Connection {
  readonly id: string;
  readonly decision: "approve" | "reject";
  readonly comment?: string;
}

export const promoteUsage = `npm run promote -- --model <name> [--version <n>] [--bundle churn] [--from staging] [--to prod]
                   [--reason <text>] [--as alice] [--url <host>] [--stack .local/stack.json]
Starts a promotion on the local host as a development principal holding Promotion.Request.`;

export const approveUsage = `npm run approve -- <id> [--as bob] [--reject] [--comment <text>] [--url <host>] [--stack .local/stack.json]
Approves (or rejects) a promotion as a development principal holding Promotion.Approve.`;

const connection = {
  url: { type: "string" },
  stack: { type: "string" },
  as: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Undefined: print the usage (asked for with --help). Throws on unknown options or missing values. */
export function parsePromoteArgs(argv: readonly string[], defaultStack: string): PromoteArgs | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...connection,
      model: { type: "string" },
      version: { type: "string" },
      bundle: { type: "string", default: "churn" },
      from: { type: "string", default: "staging" },
      to: { type: "string", default: "prod" },
      reason: { type: "string" },
    },
    strict: true,
  });
  if (values.help) return undefined;
  if (values.model === undefined) throw new Error("--model is required");
  const as = values.as ?? "alice";
  return {
    url: values.url,
    stackFile: values.stack ?? defaultStack,
    as,
    body: {
      bundle: values.bundle,
      model: values.model,
      ...(values.version === undefined ? {} : { version: values.version }),
      from: values.from,
      to: values.to,
      reason: values.reason ?? `requested by ${as} with npm run promote`,
    },
  };
}

export function parseApproveArgs(argv: readonly string[], defaultStack: string): ApproveArgs | undefined {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { ...connection, reject: { type: "boolean" }, comment: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return undefined;
  const [id, ...extra] = positionals;
  if (id === undefined) throw new Error("the promotion id is required");
  if (extra.length > 0) throw new Error(`unexpected arguments: ${extra.join(" ")}`);
  return {
    url: values.url,
    stackFile: values.stack ?? defaultStack,
    as: values.as ?? "bob",
    id,
    decision: values.reject ? "reject" : "approve",
    ...(values.comment === undefined ? {} : { comment: values.comment }),
  };
}

/** The development principal header value: a name and the one role the command needs. */
export function devPrincipal(name: string, role: "Promotion.Request" | "Promotion.Approve"): string {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name))
    throw new Error(`--as must be a simple user name, got "${name}"`);
  return `${name}; roles=${role}`;
}
