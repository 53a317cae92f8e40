import type { Plain } from "../../dyn.js";
import { BundleDeployError } from "../errors.js";
import { forEachLimit } from "../pool.js";
import { remoteFs } from "../remote.js";
import { resourceHandlers } from "../resources.js";
import type { ApplyBundleChange, DeleteBundleFiles, UploadBundleFiles } from "./deploy-bundle.contracts.js";
import type { DeployBundleDeps, Fn } from "./deps.js";

/** The activities that change the workspace: file upload batches, file deletes, one resource change. */
export function createChangeActivities(deps: DeployBundleDeps) {
  const fs = remoteFs(deps.client);
  const upload: Fn<typeof UploadBundleFiles> = async (i) => {
    const { tree } = deps.sources.open(i.source);
    let bytes = 0;
    await forEachLimit(i.paths, 10, async (path) => {
      const content = tree.read(path);
      await fs.write(`${i.filesRoot}/${path}`, content, true);
      bytes += content.byteLength;
    });
    return { uploaded: i.paths.length, bytes };
  };
  const remove: Fn<typeof DeleteBundleFiles> = async (i) => {
    await forEachLimit(i.remote, 10, (r) => fs.delete(`${i.filesRoot}/${r}`, false));
    return { deleted: i.remote.length };
  };
  const apply: Fn<typeof ApplyBundleChange> = async (c) => {
    const handler = resourceHandlers(deps.client)[c.node.split(".")[1] ?? ""];
    if (handler === undefined)
      throw new BundleDeployError("UNSUPPORTED", `${c.node} cannot be deployed by this engine`);
    if (c.action === "delete") {
      if (c.priorId !== undefined) await handler.delete(c.priorId);
      return { node: c.node, action: c.action };
    }
    const value = (c.value ?? {}) as Record<string, Plain>;
    if (c.action === "recreate" && c.priorId !== undefined) await handler.delete(c.priorId);
    const id =
      c.action === "update" && c.priorId !== undefined
        ? await handler.update(c.priorId, value, (c.priorState ?? {}) as Record<string, Plain>)
        : await handler.create(value);
    return { node: c.node, action: c.action, id, state: value };
  };
  return { upload, remove, apply };
}
