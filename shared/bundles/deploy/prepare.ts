import type { DatabricksClient } from "../../databricks/index.js";
import { error, hasErrors, type Diagnostic } from "../diagnostics.js";
import type { Plain } from "../dyn.js";
import { validateWithLookups } from "../lookup-driver.js";
import { createRestLookups } from "../lookup-rest.js";
import type { PreparedSchema } from "../schema.js";
import type { BundleSource } from "../source.js";
import type { GitInfo } from "../sync.js";
import type { CurrentUser } from "../workspace.js";
import { collectFiles, type LocalFile, type LocalTree } from "./fileset.js";
import { BundleDeployError } from "./errors.js";
import { layoutOf, type Layout } from "./layout.js";

/**
 * The workspace file size limit: individual workspace files are limited to 500 MB (Databricks docs,
 * "What are workspace files?"). Checked locally so a deploy fails before it writes anything.
 */
export const MAX_WORKSPACE_FILE_BYTES = 500 * 1024 * 1024;

export interface PrepareInput {
  readonly source: BundleSource;
  readonly tree: LocalTree;
  readonly schema: PreparedSchema;
  readonly target?: string;
  readonly vars?: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The commit being deployed, written to `bundle.git` and so to the deployment's metadata.json. */
  readonly git?: GitInfo;
  /** The deploying user when a previous durable step read it: no second `scim/me`. */
  readonly user?: CurrentUser;
}

export type Prepared =
  | {
      readonly kind: "invalid";
      readonly config: Plain | undefined;
      readonly diagnostics: readonly Diagnostic[];
    }
  | {
      readonly kind: "ok";
      readonly config: Plain;
      readonly diagnostics: readonly Diagnostic[];
      readonly layout: Layout;
      readonly files: readonly LocalFile[];
      readonly user: CurrentUser;
    };

const strings = (v: Plain | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
const obj = (v: Plain | undefined): Record<string, Plain> =>
  v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v) ? v : {};

async function currentUser(client: Pick<DatabricksClient, "scim">): Promise<CurrentUser> {
  const me = await client.scim.me();
  return {
    userName: me.userName,
    id: me.id,
    ...(me.displayName === undefined ? {} : { displayName: me.displayName }),
  };
}

/** Validation, before anything is written: config, sync paths, file list and sizes. Reads only. */
export async function prepareDeploy(
  client: Pick<DatabricksClient, "scim" | "rest">,
  input: PrepareInput,
): Promise<Prepared> {
  const user = input.user ?? (await currentUser(client));
  // `lookup` variables (cluster, policy, warehouse, ... by name) are resolved through the workspace API.
  const validated = await validateWithLookups(
    {
      source: input.source,
      currentUser: user,
      schema: input.schema,
      ...(input.target === undefined ? {} : { target: input.target }),
      ...(input.vars === undefined ? {} : { vars: input.vars }),
      ...(input.env === undefined ? {} : { env: input.env }),
      ...(input.git === undefined ? {} : { git: input.git }),
    },
    createRestLookups(client.rest),
  );
  const diagnostics = [...validated.diagnostics];
  if (validated.config === undefined || hasErrors(diagnostics))
    return { kind: "invalid", config: validated.config, diagnostics };
  const sync = obj(obj(validated.config)["sync"]);
  const paths = strings(sync["paths"]);
  if (paths.some((p) => p !== ".")) {
    diagnostics.push(
      error(
        `sync.paths other than "." are not supported by this engine yet (got ${paths.join(", ")}); deploy this bundle with the Databricks CLI`,
      ),
    );
    return { kind: "invalid", config: validated.config, diagnostics };
  }
  let files: LocalFile[];
  try {
    files = collectFiles(input.tree, {
      include: strings(sync["include"]),
      exclude: strings(sync["exclude"]),
    });
  } catch (err) {
    if (!(err instanceof BundleDeployError)) throw err;
    return { kind: "invalid", config: validated.config, diagnostics: [...diagnostics, error(err.message)] };
  }
  for (const f of files.filter((x) => x.size > MAX_WORKSPACE_FILE_BYTES)) {
    diagnostics.push(
      error(
        `file ${f.path} is ${f.size} bytes, over the workspace file limit of ${MAX_WORKSPACE_FILE_BYTES} bytes; add it to .gitignore or sync.exclude`,
      ),
    );
  }
  if (hasErrors(diagnostics)) return { kind: "invalid", config: validated.config, diagnostics };
  return {
    kind: "ok",
    config: validated.config,
    diagnostics,
    layout: layoutOf(validated.config),
    files,
    user,
  };
}
