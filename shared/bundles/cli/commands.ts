import { readFileSync } from "node:fs";
import type { Diagnostic } from "../diagnostics.js";
import {
  deployBundle,
  destroyBundle,
  layoutOf,
  permissionsApi,
  planLive,
  prepareDeploy,
  readRemoteState,
  remoteFs,
  renderSummaryText,
  resourceHandlers,
  summarize,
  type DeployDeps,
  type DeployInput,
} from "../deploy/index.js";
import { validateWithLookups } from "../lookup-driver.js";
import { createRestLookups } from "../lookup-rest.js";
import type { Plan } from "../plan/types.js";
import { countActions, renderPlanJson, renderPlanText } from "../plan/render.js";
import { renderJson } from "../render.js";
import type { CliArgs } from "./args.js";
import { fromUser } from "./bundle-dir.js";
import { appliedLines, filesLine, resourcesLine, validateText } from "./output.js";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface CommandContext {
  readonly args: CliArgs;
  readonly deps: DeployDeps;
  readonly input: DeployInput;
  readonly host: string;
  readonly userCwd: string;
  readonly io: Io;
}

const json = (v: Parameters<typeof renderJson>[0]): string => `${renderJson(v, { htmlEscape: true })}\n`;
const fail = (io: Io, message: string): number => (io.err(`Error: ${message}\n`), 1);
const invalid = (io: Io, diagnostics: readonly Diagnostic[]): number => (
  io.err(validateText(undefined, diagnostics).stderr),
  1
);

export async function validate(c: CommandContext): Promise<number> {
  const me = await c.deps.client.scim.me();
  const r = await validateWithLookups(
    { ...c.input, currentUser: { userName: me.userName, id: me.id } },
    createRestLookups(c.deps.client.rest),
  );
  const failed = r.diagnostics.some((d) => d.severity === "error");
  if (c.args.output === "json") {
    if (r.diagnostics.length > 0) c.io.err(validateText(undefined, r.diagnostics).stderr);
    if (r.config !== undefined) c.io.out(json(r.config));
  } else {
    const text = validateText(r.config, r.diagnostics);
    c.io.err(text.stderr);
    c.io.out(text.stdout);
  }
  return failed ? 1 : 0;
}

export async function plan(c: CommandContext): Promise<number> {
  const prepared = await prepareDeploy(c.deps.client, c.input);
  if (prepared.kind === "invalid") return invalid(c.io, prepared.diagnostics);
  const fs = remoteFs(c.deps.client);
  const planned = (
    await planLive({
      config: prepared.config,
      stored: await readRemoteState(fs, prepared.layout),
      cliVersion: c.deps.cliVersion,
      handlers: resourceHandlers(c.deps.client),
      permissions: permissionsApi(c.deps.client.rest),
      concurrency: 10,
    })
  ).plan;
  c.io.out(c.args.output === "json" ? `${renderPlanJson(planned)}\n` : renderPlanText(planned));
  return 0;
}

/** The CLI refuses deletes and recreates without a prompt it cannot show (bundle/phases/deploy.go). */
function approval(args: CliArgs): (p: Plan) => string | undefined {
  return (p) => {
    const destructive = Object.entries(p.plan).filter(
      ([, e]) => e.action === "delete" || e.action === "recreate",
    );
    if (args.autoApprove || destructive.length === 0) return undefined;
    const lines = destructive.map(([k, e]) => `  ${e.action} ${k}`).join("\n");
    return `this deployment would delete or recreate:\n${lines}\nthe terminal cannot prompt; pass --auto-approve to proceed`;
  };
}

export async function deploy(c: CommandContext): Promise<number> {
  const saved =
    c.args.plan === undefined
      ? undefined
      : (JSON.parse(readFileSync(fromUser(c.userCwd, c.args.plan), "utf8")) as Plan);
  const r = await deployBundle(
    {
      ...c.deps,
      onStep: (s, layout) =>
        s === "sync" && layout !== undefined && c.io.err(`Uploading bundle files to ${layout.files}...\n`),
    },
    {
      ...c.input,
      forceLock: c.args.forceLock,
      approve: approval(c.args),
      ...(saved === undefined ? {} : { plan: saved }),
    },
  );
  if (r.kind === "invalid") return invalid(c.io, r.prepared.diagnostics);
  if (r.prepared.diagnostics.length > 0) c.io.err(validateText(undefined, r.prepared.diagnostics).stderr);
  if (r.kind === "failed") {
    fail(c.io, r.error?.message ?? "deploy failed");
    if (r.files !== undefined) c.io.err(filesLine(r.files));
    return 1;
  }
  c.io.err(
    `${appliedLines(r.applied)}${r.files === undefined ? "" : filesLine(r.files)}${r.plan === undefined ? "" : resourcesLine(countActions(r.plan))}`,
  );
  return 0;
}

export async function destroy(c: CommandContext): Promise<number> {
  if (!c.args.autoApprove)
    return fail(
      c.io,
      "destroy deletes the deployed resources and files and the terminal cannot prompt; pass --auto-approve to proceed",
    );
  const r = await destroyBundle(c.deps, { ...c.input, forceLock: c.args.forceLock }, (nodes, layout) => {
    const list =
      nodes.length === 0
        ? ""
        : `The following resources will be deleted:\n${nodes.map((n) => `  delete ${n}\n`).join("")}\n`;
    c.io.out(
      `${list}All files and directories at the following location will be deleted: ${layout.root}\n\n`,
    );
  });
  if (r.kind === "invalid") return invalid(c.io, r.diagnostics);
  if (r.kind === "failed") return fail(c.io, r.error?.message ?? "destroy failed");
  c.io.out(`Destroy: ${r.deleted.length} deleted\n`);
  return 0;
}

export async function summary(c: CommandContext): Promise<number> {
  const me = await c.deps.client.scim.me();
  const r = await validateWithLookups(
    { ...c.input, currentUser: { userName: me.userName, id: me.id } },
    createRestLookups(c.deps.client.rest),
  );
  if (r.config === undefined || r.diagnostics.some((d) => d.severity === "error"))
    return invalid(c.io, r.diagnostics);
  const state = await readRemoteState(remoteFs(c.deps.client), layoutOf(r.config));
  const s = summarize(r.config, state);
  c.io.out(c.args.output === "json" ? json(s) : renderSummaryText(s, c.host));
  return 0;
}
