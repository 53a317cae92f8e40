import type { Plain } from "../dyn.js";
import { withIdKinds } from "../plan/field-kind.js";
import { readField, stringLeaves } from "../plan/paths.js";
import { refsIn, resolveRefs, type Lookup } from "../plan/refs.js";
import type { PlanEntry, StateEntry } from "../plan/types.js";
import { applyPermissions, isPermissions, type PermissionsApi } from "./permissions.js";
import type { ResourceHandler } from "./resources.js";

type Obj = Record<string, Plain>;

const ID_KINDS = withIdKinds(undefined);

/**
 * What applying one plan entry reads and writes. Shared by the one-call engine (apply.ts, the whole
 * plan in a loop) and the durable path (one activity per change), so both send the same requests.
 */
export interface ApplyScope {
  /** The state before this deploy: old ids and values of updated and recreated resources. */
  readonly prior: Record<string, StateEntry>;
  /** The state as applied so far: ids and values that references resolve to. */
  readonly state: Record<string, StateEntry>;
  readonly handlers: Record<string, ResourceHandler>;
  /** Permissions entries are applied only when given (permissions.ts). */
  readonly permissions?: PermissionsApi;
  /** Fields read from the workspace (models' model_id), once per resource. */
  readonly remote: Map<string, Obj | null>;
  /** The request being made, for error messages ("cannot delete x" during a recreate). */
  readonly onVerb: (verb: "create" | "update" | "delete") => void;
  /** How a resource is created; default the handler's create (the durable path makes it idempotent). */
  readonly create?: (node: string, handler: ResourceHandler, value: Obj) => Promise<string>;
}

export const isSubResource = (node: string): boolean => node.split(".").length !== 3;
const typeOf = (node: string): string => node.split(".")[1] ?? "";
const isObj = (v: Plain | undefined): v is Obj =>
  v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);

/** The nodes an entry refers to (`${resources.<type>.<key>...}` in its value or its unresolved vars). */
export function referencedNodes(entry: PlanEntry): string[] {
  const texts = [
    ...stringLeaves(entry.new_state?.value ?? {}).map(([, t]) => t),
    ...Object.values(entry.new_state?.vars ?? {}),
  ];
  return [...new Set(texts.flatMap((t) => refsIn(t).map((r) => r.node)))].sort();
}

export function handlerOf(handlers: Record<string, ResourceHandler>, node: string): ResourceHandler {
  const h = handlers[typeOf(node)];
  if (h === undefined) throw new Error(`resource type ${typeOf(node)} cannot be deployed by this engine`);
  return h;
}

/** Whether this engine applies the entry: resources, and permissions when a permissions API is given. */
export const applies = (node: string, withPermissions: boolean): boolean =>
  !isSubResource(node) || (isPermissions(node) && withPermissions);

/**
 * Creates, updates or recreates one resource (or PUTs one permissions list) and returns its new state
 * entry. Fields referring to resources applied in this run are resolved from `scope.state` now.
 */
export async function applyEntry(node: string, entry: PlanEntry, scope: ApplyScope): Promise<StateEntry> {
  const { state, handlers } = scope;
  scope.onVerb(entry.action === "update" ? "update" : "create");
  if (isPermissions(node) && scope.permissions !== undefined)
    return applyPermissions(entry, state, handlers, scope.permissions);
  const lookup: Lookup = (ref) =>
    ref.field === "id"
      ? state[ref.node]?.__id__
      : (readField(state[ref.node]?.state, ref.field) ??
        scope.remote.get(ref.node)?.[ref.field] ??
        undefined);
  for (const [, text] of stringLeaves(entry.new_state?.value ?? {}))
    for (const ref of refsIn(text)) {
      const id = state[ref.node]?.__id__;
      const read = handlers[typeOf(ref.node)]?.read;
      if (ref.field === "id" || scope.remote.has(ref.node) || id === undefined || read === undefined)
        continue;
      if (readField(state[ref.node]?.state, ref.field) === undefined)
        scope.remote.set(ref.node, await read(id));
    }
  // Ids resolved now (a resource created earlier in this deploy) get their field's type, as at plan time.
  const type = typeOf(node);
  const typing = { kindOf: (p: readonly (string | number)[]) => ID_KINDS(type, p), goStruct: type };
  const resolved = resolveRefs(entry.new_state?.value ?? {}, lookup, typing);
  const unknown = Object.values(resolved.vars)[0];
  if (unknown !== undefined) throw new Error(`cannot resolve ${unknown}`);
  if (resolved.errors[0] !== undefined) throw new Error(resolved.errors[0]);
  const value = resolved.value;
  if (!isObj(value)) throw new Error(`${node} has no configuration`);
  const h = handlerOf(handlers, node);
  const old = scope.prior[node];
  if (entry.action === "recreate" && old !== undefined) {
    scope.onVerb("delete");
    await h.delete(old.__id__);
    scope.onVerb("create");
  }
  const id =
    entry.action === "update" && old !== undefined
      ? await h.update(old.__id__, value, isObj(old.state) ? old.state : {})
      : await (scope.create ?? ((_n, handler, v) => handler.create(v)))(node, h, value);
  return {
    __id__: id,
    state: value,
    ...(entry.depends_on === undefined ? {} : { depends_on: entry.depends_on }),
  };
}

/**
 * Deletes one deployed node. Sub-resources send nothing (a permissions list goes with its parent,
 * permissions.ts); true when the deletion is reported (resources, and permissions when applied).
 */
export async function deleteEntry(node: string, scope: ApplyScope): Promise<boolean> {
  const old = scope.prior[node];
  if (old === undefined) return false;
  if (isSubResource(node)) return isPermissions(node) && scope.permissions !== undefined;
  scope.onVerb("delete");
  await handlerOf(scope.handlers, node).delete(old.__id__);
  return true;
}
