import type { Plain } from "../dyn.js";
import { readField, stringLeaves } from "../plan/paths.js";
import { refsIn, resolveRefs, type Lookup } from "../plan/refs.js";
import type { ActionType, Plan, StateEntry } from "../plan/types.js";
import { describeFailure } from "./errors.js";
import { applyPermissions, isPermissions, type PermissionsApi } from "./permissions.js";
import type { ResourceHandler } from "./resources.js";

type Obj = Record<string, Plain>;

export interface Applied {
  readonly node: string;
  readonly action: Exclude<ActionType, "skip">;
}

export interface ApplyResult {
  /** The state after every change that succeeded: written even when a later change failed. */
  readonly state: Record<string, StateEntry>;
  readonly applied: readonly Applied[];
  readonly error?: Error;
}

const isSubResource = (node: string): boolean => node.split(".").length !== 3;
const typeOf = (node: string): string => node.split(".")[1] ?? "";
const isObj = (v: Plain | undefined): v is Obj =>
  v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);

/**
 * Carries out a plan in its dependency order (plan entries are written in that order). Fields
 * that referenced a resource created in this run (`new_state.vars`) are resolved now, from the ids
 * and values just applied. Deletes run last, dependents before what they depend on. Permissions
 * entries are applied only when `permissions` is given (permissions.ts); without it they are left
 * out, as the durable path still does (see its prepare step's warnings).
 */
export async function applyPlan(
  plan: Plan,
  order: readonly string[],
  prior: Record<string, StateEntry>,
  handlers: Record<string, ResourceHandler>,
  permissions?: PermissionsApi,
): Promise<ApplyResult> {
  const state: Record<string, StateEntry> = { ...prior };
  const applied: Applied[] = [];
  // Fields the state does not hold (models' model_id) are read from the workspace, once per resource.
  const remote = new Map<string, Record<string, Plain> | null>();
  const lookup: Lookup = (ref) =>
    ref.field === "id"
      ? state[ref.node]?.__id__
      : (readField(state[ref.node]?.state, ref.field) ?? remote.get(ref.node)?.[ref.field] ?? undefined);
  const readRemote = async (value: Plain): Promise<void> => {
    for (const [, text] of stringLeaves(value))
      for (const ref of refsIn(text)) {
        const id = state[ref.node]?.__id__;
        const read = handlers[typeOf(ref.node)]?.read;
        if (ref.field === "id" || remote.has(ref.node) || id === undefined || read === undefined) continue;
        if (readField(state[ref.node]?.state, ref.field) === undefined) remote.set(ref.node, await read(id));
      }
  };
  const handler = (node: string): ResourceHandler => {
    const h = handlers[typeOf(node)];
    if (h === undefined) throw new Error(`resource type ${typeOf(node)} cannot be deployed by this engine`);
    return h;
  };
  let current = "";
  let verb = "";
  try {
    for (const node of order) {
      const entry = plan.plan[node];
      if (entry === undefined || entry.action === "delete" || entry.action === "skip") continue;
      if (isPermissions(node) && permissions !== undefined) {
        current = node;
        verb = entry.action === "update" ? "update" : "create";
        state[node] = await applyPermissions(entry, state, handlers, permissions);
        applied.push({ node, action: entry.action });
        continue;
      }
      if (isSubResource(node)) continue;
      current = node;
      verb = entry.action === "update" ? "update" : "create";
      await readRemote(entry.new_state?.value ?? {});
      const resolved = resolveRefs(entry.new_state?.value ?? {}, lookup);
      const unknown = Object.values(resolved.vars)[0];
      if (unknown !== undefined) throw new Error(`cannot resolve ${unknown}`);
      const value = resolved.value;
      if (!isObj(value)) throw new Error(`${node} has no configuration`);
      const h = handler(node);
      const old = prior[node];
      if (entry.action === "recreate" && old !== undefined) {
        verb = "delete";
        await h.delete(old.__id__);
      }
      verb = entry.action === "update" ? "update" : "create";
      const id =
        entry.action === "update" && old !== undefined
          ? await h.update(old.__id__, value, isObj(old.state) ? old.state : {})
          : await h.create(value);
      state[node] = {
        __id__: id,
        state: value,
        ...(entry.depends_on === undefined ? {} : { depends_on: entry.depends_on }),
      };
      applied.push({ node, action: entry.action });
    }
    for (const node of [...order].reverse()) {
      if (plan.plan[node]?.action !== "delete" || prior[node] === undefined) continue;
      if (isSubResource(node)) {
        // Deleting permissions sends nothing (permissions.ts); they are reported like the CLI reports them.
        if (isPermissions(node) && permissions !== undefined) applied.push({ node, action: "delete" });
        delete state[node];
        continue;
      }
      current = node;
      verb = "delete";
      await handler(node).delete(prior[node].__id__);
      delete state[node];
      applied.push({ node, action: "delete" });
    }
    return { state, applied };
  } catch (err) {
    const error = new Error(`cannot ${verb} ${current}: ${describeFailure(err)}`, { cause: err });
    return { state, applied, error };
  }
}
