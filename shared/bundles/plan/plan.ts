import type { Plain } from "../dyn.js";
import { desiredResources, type DesiredResource } from "./desired.js";
import { planChanges } from "./changes.js";
import { findCycle, topoOrder } from "./order.js";
import { readField } from "./paths.js";
import { fieldKindFromSchema, withIdKinds } from "./field-kind.js";
import { dependsOn, resolveRefs, type Lookup, type Typing } from "./refs.js";
import { desiredPermissions, PERMISSIONS_TYPE, typedPermissionsValue } from "./permissions.js";
import { comparable, comparesRemote } from "./remote.js";
import type { ActionType, Plan, PlanEntry, PlanInput, PlanResult, StateEntry } from "./types.js";

/** The Go request type each resource's settings are held in (bundle/direct/dresources PrepareState), printed in type errors. */
const GO_STRUCT: Readonly<Record<string, string>> = {
  jobs: "*jobs.JobSettings", experiments: "*ml.CreateExperiment", models: "*ml.CreateModelRequest", registered_models: "*catalog.CreateRegisteredModelRequest",
};

/**
 * `bundle plan` for the direct engine, pure: desired config vs the deployed state → one entry per
 * resource. Resources are planned in dependency order so a reference to a resource being created
 * stays unknown (and forces an update of the referencing field) while one to a deployed resource
 * resolves to its id. Remote objects are read by the caller (`PlanInput.remote`); jobs and
 * permissions are compared with them field by field (drift), as the CLI does.
 */
export function planBundle(input: PlanInput): PlanResult {
  const desired = desiredResources(input.desired);
  if (input.permissions === true) for (const p of desiredPermissions(input.desired)) desired.set(p.node, p);
  const state = input.deployed?.state ?? {};
  const graph = new Map([...desired.values()].map((r) => [r.node, dependsOn(r.value)]));
  const cycle = findCycle(graph);
  if (cycle !== undefined) return { kind: "error", message: cycle };
  const actions = new Map<string, ActionType>();
  const values = new Map<string, Plain>();
  // Config fields of another resource are known at plan time (bad_ref_string_to_int resolves a name);
  // its id is known only when it is deployed and stays so.
  const lookup: Lookup = (ref) => {
    if (ref.field === "id") {
      const action = actions.get(ref.node);
      return action === "create" || action === "recreate" ? undefined : state[ref.node]?.__id__;
    }
    const fresh = actions.get(ref.node) === "create" || actions.get(ref.node) === "recreate";
    const v = readField(values.get(ref.node), ref.field) ?? (fresh ? undefined : input.remoteField?.(ref.node, ref.field));
    return typeof v === "string" && v.includes("${") ? undefined : v;
  };
  const plan: Record<string, PlanEntry> = {};
  const failed = new Set<string>();
  const causes: string[] = [];
  const kindOf = withIdKinds(input.schema === undefined ? undefined : fieldKindFromSchema(input.schema));
  for (const node of topoOrder(graph)) {
    const res = desired.get(node);
    if (res === undefined) continue;
    // Like the CLI's graph run: a resource whose dependency failed is not planned either.
    const badDep = (graph.get(node) ?? []).find((d) => failed.has(d.node));
    const typing = { kindOf: (p: readonly (string | number)[]) => kindOf(res.type, p), goStruct: GO_STRUCT[res.type] ?? res.type };
    const deployed = state[node];
    const remote = deployed === undefined ? undefined : input.remote?.(node, deployed.__id__);
    const entry = badDep === undefined ? planResource(res, deployed, remote, lookup, typing) : { errors: [`dependency failed: ${badDep.node}`] };
    if ("errors" in entry) {
      failed.add(node);
      causes.push(...entry.errors.map((e) => `cannot plan ${node}: ${e}`));
      continue;
    }
    actions.set(node, entry.action);
    values.set(node, entry.new_state?.value ?? null);
    plan[node] = entry;
  }
  if (causes.length > 0) return { kind: "error", message: "planning failed", causes };
  for (const [node, entry] of Object.entries(state))
    if (isDeleted(node, desired, input.permissions === true)) plan[node] = deletion(node, entry, input.remote);
  // As the CLI, a skipped resource carries no new_state (it was needed only to resolve references).
  const sorted = Object.fromEntries(Object.keys(plan).sort().map((k) => [k, withoutSkippedState(plan[k] as PlanEntry)]));
  const header = input.deployed === undefined ? {} : { lineage: input.deployed.lineage, serial: input.deployed.serial };
  const result: Plan = { plan_version: 2, cli_version: input.cliVersion ?? "0.0.0-dev", ...header, plan: sorted };
  return { kind: "ok", plan: result };
}

/** A delete carries the remote object as read (jobs), and the dependencies its state recorded. */
function deletion(node: string, entry: StateEntry, remote: PlanInput["remote"]): PlanEntry {
  const type = node.split(".")[1] ?? "";
  const read = type === "jobs" && node.split(".").length === 3 ? remote?.(node, entry.__id__) : undefined;
  const deps = entry.depends_on === undefined || entry.depends_on.length === 0 ? {} : { depends_on: entry.depends_on };
  return { ...deps, action: "delete", ...(read === undefined || read === null ? {} : { remote_state: read }) };
}

function withoutSkippedState(e: PlanEntry): PlanEntry {
  if (e.action !== "skip" || e.new_state === undefined) return e;
  const { new_state: _dropped, ...rest } = e;
  return rest;
}

/**
 * A state entry whose resource left the config. Sub-resources (`….permissions`) go with their
 * parent; when permissions are planned, one whose parent stays is deleted on its own.
 */
function isDeleted(node: string, desired: ReadonlyMap<string, DesiredResource>, permissions: boolean): boolean {
  const parent = node.split(".").slice(0, 3).join(".");
  return !desired.has(parent) || (permissions && !desired.has(node));
}

function planResource(res: DesiredResource, deployed: StateEntry | undefined, remote: Plain | null | undefined, lookup: Lookup, typing: Typing | undefined): PlanEntry | { errors: string[] } {
  const deps = dependsOn(res.value);
  const resolved = resolveRefs(res.value, lookup, typing);
  if (resolved.errors.length > 0) return { errors: resolved.errors };
  const permissions = res.type === PERMISSIONS_TYPE;
  const value = permissions ? typedPermissionsValue(resolved.value, resolved.vars) : resolved.value;
  const vars = Object.keys(resolved.vars).length === 0 ? {} : { vars: resolved.vars };
  const head = deps.length === 0 ? {} : { depends_on: deps };
  const newState = { value, ...vars };
  if (deployed === undefined) return { ...head, action: "create", new_state: newState };
  // Remote values are compared only where their drift rules are modelled (remote.ts).
  const read = comparesRemote(res.type) && remote !== null ? remote : undefined;
  const compared = read === undefined ? undefined : comparable(res.type, read);
  const { changes, action } = planChanges(res.type, deployed.state, value, compared);
  const withChanges = Object.keys(changes).length === 0 ? {} : { changes };
  const withRemote = read === undefined ? {} : { remote_state: read };
  // A resource gone from the workspace is created again, whatever changed (bundle_plan.go).
  return { ...head, action: remote === null ? "create" : action, new_state: newState, ...withRemote, ...withChanges };
}
