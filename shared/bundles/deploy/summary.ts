import type { Plain } from "../dyn.js";
import type { DeployedState } from "../plan/types.js";
import { SUPPORTED_RESOURCE_TYPES } from "../semantic.js";
import { identityOf, layoutOf } from "./layout.js";

type Obj = Record<string, Plain>;
const obj = (v: Plain | undefined): Obj =>
  v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v) ? v : {};

/**
 * `bundle summary -o json`: the resolved config where each resource carries its deployed `id`,
 * `modified_status: "created"` when not deployed yet, and state entries gone from the config come
 * back with `modified_status: "deleted"` (resources__jobs__check-metadata).
 */
export function summarize(config: Plain, state: DeployedState | undefined): Plain {
  const root = { ...obj(config) };
  const resources: Obj = { ...obj(root["resources"]) };
  const deployed = state?.state ?? {};
  for (const type of SUPPORTED_RESOURCE_TYPES) {
    const group: Obj = { ...obj(resources[type]) };
    for (const [key, body] of Object.entries(group)) {
      const entry = deployed[`resources.${type}.${key}`];
      group[key] =
        entry === undefined
          ? { ...obj(body), modified_status: "created" }
          : { ...obj(body), id: entry.__id__ };
    }
    for (const [node, entry] of Object.entries(deployed)) {
      const [, t, key, ...rest] = node.split(".");
      if (t === type && key !== undefined && rest.length === 0 && group[key] === undefined)
        group[key] = { id: entry.__id__, modified_status: "deleted" };
    }
    if (Object.keys(group).length > 0) resources[type] = group;
  }
  if (Object.keys(resources).length > 0) root["resources"] = resources;
  return root;
}

const TITLES: Record<string, string> = {
  jobs: "Jobs",
  experiments: "Experiments",
  models: "Models",
  registered_models: "Registered Models",
};

function urlOf(host: string, type: string, id: string | undefined): string {
  if (id === undefined) return "(not deployed)";
  if (type === "jobs") return `${host}/jobs/${id}`;
  if (type === "experiments") return `${host}/ml/experiments/${id}`;
  if (type === "models") return `${host}/ml/models/${encodeURIComponent(id)}`;
  return `${host}/explore/data/models/${id.split(".").map(encodeURIComponent).join("/")}`;
}

/** Text summary: the validate header, then each resource's name and URL. */
export function renderSummaryText(summary: Plain, host: string): string {
  const id = identityOf(summary);
  const lines = [
    `Name: ${id.name}`,
    `Target: ${id.target}`,
    "Workspace:",
    `  User: ${id.userName}`,
    `  Path: ${layoutOf(summary).root}`,
  ];
  const resources = obj(obj(summary)["resources"]);
  const groups = SUPPORTED_RESOURCE_TYPES.filter((t) => Object.keys(obj(resources[t])).length > 0);
  if (groups.length > 0) lines.push("Resources:");
  for (const type of groups) {
    lines.push(`  ${TITLES[type] ?? type}:`);
    for (const [key, body] of Object.entries(obj(resources[type])).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const b = obj(body);
      lines.push(
        `    ${key}:`,
        `      Name: ${typeof b["name"] === "string" ? b["name"] : ""}`,
        `      URL:  ${urlOf(host, type, typeof b["id"] === "string" ? b["id"] : undefined)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
