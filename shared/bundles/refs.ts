import { error, type Diagnostic } from "./diagnostics.js";
import { isMap, walk, type DMap, type DValue, type Location } from "./dyn.js";
import { parseRefPath } from "./interpolate.js";
import { isTerraformOnlyField } from "./tf-only-fields.js";

const REF = /\$\{(resources\.[^${}]+)\}/gu;

export interface ResourceRef {
  readonly from: string;
  readonly to: string;
  readonly field: string;
  readonly loc: Location | undefined;
}

/** Every `${resources.<type>.<key>.<field>}` in resource bodies, with the resource that holds it. */
export function resourceRefs(config: DMap): ResourceRef[] {
  const out: ResourceRef[] = [];
  const resources = config.entries.get("resources");
  if (!isMap(resources)) return out;
  for (const [type, group] of resources.entries) {
    if (!isMap(group)) continue;
    for (const [key, body] of group.entries) collect(body, `resources.${type}.${key}`, out);
  }
  return out;
}

function collect(body: DValue, from: string, out: ResourceRef[]): void {
  walk(body, (node) => {
    if (node.kind === "scalar" && typeof node.value === "string") {
      for (const m of node.value.matchAll(REF)) {
        const segs = parseRefPath(m[1] ?? "") ?? [];
        if (segs.length < 4) continue;
        out.push({ from, to: `resources.${String(segs[1])}.${String(segs[2])}`, field: segs.slice(3).join("."), loc: node.loc });
      }
    }
    return node;
  });
}

export function checkTerraformOnlyRefs(config: DMap): Diagnostic[] {
  return resourceRefs(config)
    .filter((r) => isTerraformOnlyField(r.to.split(".")[1] ?? "", r.field))
    .map((r) => error(`"${r.to}.${r.field}": Terraform-only field; cross-resource references to Terraform-only fields are not supported by the direct engine`, r.loc));
}

/**
 * First dependency cycle between resources, as a path `a -> b -> a`. The CLI reports these at plan
 * time, not in validate (resource_deps/loop_jobs), so validate does not call this; plan will.
 */
export function findResourceCycle(config: DMap): string[] | undefined {
  const edges = new Map<string, string[]>();
  for (const r of resourceRefs(config)) edges.set(r.from, [...(edges.get(r.from) ?? []), r.to]);
  const state = new Map<string, "visiting" | "done">();
  const visit = (node: string, stack: string[]): string[] | undefined => {
    if (state.get(node) === "visiting") return [...stack.slice(stack.indexOf(node)), node];
    if (state.get(node) === "done") return undefined;
    state.set(node, "visiting");
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next, [...stack, node]);
      if (cycle !== undefined) return cycle;
    }
    state.set(node, "done");
    return undefined;
  };
  for (const node of [...edges.keys()].sort()) {
    const cycle = visit(node, []);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}
