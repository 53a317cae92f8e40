import type { DependsOn } from "./types.js";

/** Dependency edges: node → the nodes it references (with the reference text, for messages). */
export type Graph = ReadonlyMap<string, readonly DependsOn[]>;

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Nodes in dependency order: a dependency before its dependents, ties by name so the order is stable. */
export function topoOrder(graph: Graph): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (node: string): void => {
    if (seen.has(node)) return;
    seen.add(node);
    for (const dep of [...(graph.get(node) ?? [])].sort((a, b) => byName(a.node, b.node))) if (graph.has(dep.node)) visit(dep.node);
    order.push(node);
  };
  for (const node of [...graph.keys()].sort(byName)) visit(node);
  return order;
}

interface Frame {
  readonly node: string;
  readonly inLabel: string;
}

/**
 * The first dependency cycle, worded like the CLI (libs/dagrun): its graph points from a resource
 * to the resources that reference it, roots are visited by name, and the message walks the cycle
 * with the reference that makes each hop (resource_deps__loop_jobs).
 */
export function findCycle(graph: Graph): string | undefined {
  const dependents = new Map<string, DependsOn[]>();
  for (const [from, deps] of graph) {
    for (const d of deps) if (graph.has(d.node)) dependents.set(d.node, [...(dependents.get(d.node) ?? []), { node: from, label: d.label }]);
  }
  const color = new Map<string, "grey" | "black">();
  const stack: Frame[] = [];
  const visit = (frame: Frame): string | undefined => {
    color.set(frame.node, "grey");
    stack.push(frame);
    for (const e of [...(dependents.get(frame.node) ?? [])].sort((a, b) => byName(a.node, b.node))) {
      const c = color.get(e.node);
      if (c === "grey") return cycleMessage(stack.slice(stack.findIndex((f) => f.node === e.node)), e.label);
      const found = c === undefined ? visit({ node: e.node, inLabel: e.label }) : undefined;
      if (found !== undefined) return found;
    }
    stack.pop();
    color.set(frame.node, "black");
    return undefined;
  };
  for (const node of [...graph.keys()].sort(byName)) {
    const found = color.has(node) ? undefined : visit({ node, inLabel: "" });
    if (found !== undefined) return found;
  }
  return undefined;
}

function cycleMessage(frames: Frame[], closing: string): string {
  const nodes = frames.map((f) => f.node);
  const edges = [...frames.slice(1).map((f) => f.inLabel), closing];
  if (nodes.length === 1) return `cycle detected: ${nodes[0] ?? ""} refers to itself via ${closing}`;
  const parts = nodes.slice(1).map((n, i) => `${n} refers to ${nodes[i] ?? ""} via ${edges[i] ?? ""}`);
  return `cycle detected: ${parts.join(" ")} which refers to ${nodes[nodes.length - 1] ?? ""} via ${closing}`;
}
