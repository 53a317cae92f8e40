import { isMap, isSeq, map, scalar, seq, str, type DMap, type DValue } from "./dyn.js";
import { mergeByKey } from "./merge.js";
import { mapResources, setDefault, withEntry } from "./resources.js";

/** Sequences whose elements are identified by a key field; a target override merges into them. */
const KEYED: [string, string][] = [["tasks", "task_key"], ["job_clusters", "job_cluster_key"], ["parameters", "name"], ["environments", "environment_key"]];

/** tasks by task_key, job_clusters by job_cluster_key, parameters by name, environments by key. */
export function mergeJobElements(config: DMap): DMap {
  return mapResources(config, "jobs", (job) => {
    let out = job;
    for (const [field, key] of KEYED) {
      const list = job.entries.get(field);
      if (!isSeq(list)) continue;
      const merged = mergeByKey(list.items, key).map((item) => (isMap(item) && field !== "parameters" ? setDefault(item, key, scalar("")) : item));
      // The CLI orders tasks by task_key (visible in validate output and in what it sends).
      if (field === "tasks") merged.sort((a, b) => cmp(keyOf(a, key), keyOf(b, key)));
      out = withEntry(out, field, seq(merged, list.loc));
    }
    return out;
  });
}

/** Defaults the CLI fills on every job when loading (resourcemutator/resource_mutator.go). */
export function applyJobDefaults(config: DMap): DMap {
  return mapResources(config, "jobs", (job) => {
    let out = setDefault(job, "name", scalar("Untitled"));
    out = setDefault(out, "max_concurrent_runs", scalar(1));
    if (!out.entries.has("queue")) out = withEntry(out, "queue", map([["enabled", scalar(true)]]));
    for (const block of ["schedule", "trigger", "continuous"]) {
      const b = out.entries.get(block);
      if (isMap(b)) out = withEntry(out, block, setDefault(b, "pause_status", scalar("UNPAUSED")));
    }
    out = withEntry(out, "job_clusters", defaultClients(out.entries.get("job_clusters")));
    return clusterFixups(out);
  });
}

function defaultClients(list: DValue | undefined): DValue | undefined {
  if (!isSeq(list)) return list;
  return seq(list.items.map((jc) => {
    const cluster = isMap(jc) ? jc.entries.get("new_cluster") : undefined;
    const wt = isMap(cluster) ? cluster.entries.get("workload_type") : undefined;
    const clients = isMap(wt) ? wt.entries.get("clients") : undefined;
    if (!isMap(jc) || !isMap(cluster) || !isMap(wt) || !isMap(clients)) return jc;
    const filled = setDefault(setDefault(clients, "notebooks", scalar(true)), "jobs", scalar(true));
    return withEntry(jc, "new_cluster", withEntry(cluster, "workload_type", withEntry(wt, "clients", filled)));
  }), list.loc);
}

/** Marks jobs as bundle-managed (bundle/deploy/metadata/annotate_jobs.go). */
export function annotateJobs(config: DMap, statePath: string): DMap {
  return mapResources(config, "jobs", (job) => {
    let out = withEntry(job, "deployment", map([["kind", scalar("BUNDLE")], ["metadata_file_path", scalar(`${statePath}/metadata.json`)]]));
    out = withEntry(out, "edit_mode", scalar("UI_LOCKED"));
    return withEntry(out, "format", scalar("MULTI_TASK"));
  });
}

/** Bundle-level run_as applies to jobs that have none (bundle/config/mutator/set_run_as.go). */
export function applyRunAs(config: DMap): DMap {
  const runAs = config.entries.get("run_as");
  if (!isMap(runAs) || runAs.entries.size === 0) return config;
  return mapResources(config, "jobs", (job) => (job.entries.has("run_as") ? job : withEntry(job, "run_as", runAs)));
}

export const jobName = (job: DMap): string | undefined => str(job.entries.get("name"));

const keyOf = (v: DValue, key: string): string => (isMap(v) ? (str(v.entries.get(key)) ?? "") : "");
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Instance-pool clean-up on every new_cluster and an explicit `num_workers: 0` on job clusters without
 * autoscale (resourcemutator/cluster_fixups.go): the API would otherwise treat the field as unset.
 */
function clusterFixups(job: DMap): DMap {
  let out = job;
  const tasks = out.entries.get("tasks");
  if (isSeq(tasks)) out = withEntry(out, "tasks", seq(tasks.items.map((t) => onCluster(t, false)), tasks.loc));
  const jcs = out.entries.get("job_clusters");
  if (isSeq(jcs)) out = withEntry(out, "job_clusters", seq(jcs.items.map((jc) => onCluster(jc, true)), jcs.loc));
  return out;
}

function onCluster(holder: DValue, initWorkers: boolean): DValue {
  const nc = isMap(holder) ? holder.entries.get("new_cluster") : undefined;
  if (!isMap(holder) || !isMap(nc)) return holder;
  let c = nc;
  if (str(c.entries.get("instance_pool_id")) === undefined) c = withEntry(c, "driver_instance_pool_id", undefined);
  else for (const f of ["node_type_id", "driver_node_type_id", "enable_elastic_disk"]) c = withEntry(c, f, undefined);
  if (initWorkers && !c.entries.has("autoscale") && !c.entries.has("num_workers")) c = withEntry(c, "num_workers", scalar(0));
  return withEntry(holder, "new_cluster", c);
}
