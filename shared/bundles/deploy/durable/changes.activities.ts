import { DatabricksError, isNotFound } from "../../../databricks/index.js";
import { isAppError } from "../../../errors/app-error.js";
import type { PlanEntry } from "../../plan/types.js";
import { applyEntry, deleteEntry, type ApplyScope } from "../apply-entry.js";
import { BundleDeployError, describeFailure } from "../errors.js";
import { stateFiles } from "../layout.js";
import { permissionsApi } from "../permissions.js";
import { remoteFs } from "../remote.js";
import { resourceHandlers, type ResourceHandler } from "../resources.js";
import { renderMetadata, resourcesJson } from "../state-files.js";
import type { ApplyBundleChange, WriteBundleState } from "./deploy-bundle.contracts.js";
import type { DeployBundleDeps, Fn } from "./deps.js";
import { idempotentCreate } from "./idempotent-create.js";
import { entriesFromJson, entryFromJson, entryToJson, fromJson } from "./json-plain.js";

/** A retried delete finds the resource already gone: done, not failed. */
function tolerantDeletes(handlers: Record<string, ResourceHandler>): Record<string, ResourceHandler> {
  const tolerant = (h: ResourceHandler): ResourceHandler => ({
    ...h,
    async delete(id) {
      try {
        await h.delete(id);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },
  });
  return Object.fromEntries(Object.entries(handlers).map(([type, h]) => [type, tolerant(h)]));
}

/**
 * One resource change per activity through apply-entry.ts, the function the one-call engine loops over,
 * so both send the same requests (permissions included). Creates are journaled (idempotent-create.ts);
 * updates PUT/reset the whole object and deletes tolerate a missing object, so every change is safe to
 * retry. The state is written once at the end, with the entries the orchestrator collected.
 */
export function createChangeActivities(deps: DeployBundleDeps) {
  const apply: Fn<typeof ApplyBundleChange> = async ({ target, change, refs, journal }) => {
    const client = deps.clientFor(target);
    const prior = change.prior === undefined ? {} : { [change.node]: entryFromJson(change.prior) };
    let verb = "";
    const scope: ApplyScope = {
      prior,
      state: entriesFromJson(refs),
      handlers: tolerantDeletes(resourceHandlers(client)),
      permissions: permissionsApi(client.rest),
      remote: new Map(),
      onVerb: (v) => (verb = v),
      create: idempotentCreate(deps.journal, journal, client, deps.now),
    };
    try {
      if (change.action === "delete") {
        await deleteEntry(change.node, scope);
        return { node: change.node, action: change.action };
      }
      const raw = (change.entry ?? {}) as PlanEntry;
      const entry: PlanEntry = {
        ...raw,
        ...(raw.new_state === undefined
          ? {}
          : { new_state: { ...raw.new_state, value: fromJson(raw.new_state.value) } }),
      };
      const applied = await applyEntry(change.node, entry, scope);
      return { node: change.node, action: change.action, entry: entryToJson(applied) };
    } catch (err) {
      // The same message as the one-call engine's (apply.ts), for reports. A refusal (a 4xx, a bad
      // reference) fails alike on every attempt: reported at once as data, not retried (implement()).
      const message = `cannot ${verb} ${change.node}: ${describeFailure(err)}`;
      if (err instanceof DatabricksError && !err.retryable)
        throw new BundleDeployError("CHANGE_REFUSED", message, { cause: err });
      if (isAppError(err) && !err.retryable) throw new BundleDeployError(err.code, message, { cause: err });
      throw new Error(message, { cause: err });
    }
  };
  const writeState: Fn<typeof WriteBundleState> = async (i) => {
    const fs = remoteFs(deps.clientFor(i.target));
    const paths = stateFiles(i.layout);
    const state = entriesFromJson(i.state);
    const prev =
      i.stored === undefined ? undefined : { ...i.stored, state_version: 2, cli_version: "", state: {} };
    const written = resourcesJson(prev, state, { lineage: deps.newId(), cliVersion: deps.cliVersion });
    await fs.write(paths.resources, written.text, true);
    await fs.write(paths.metadata, renderMetadata(i.metadata, state), true);
    return { serial: written.serial };
  };
  return { apply, writeState };
}
