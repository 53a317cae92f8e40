import { instanceIdFor } from "../../durable/instance-ids.js";
import type { LandingPipelineInput, StartPipelineOutput } from "./landing.contracts.js";
import { PIPELINE_ORCHESTRATION } from "./landing.contracts.js";
import type { OrchestrationPort } from "./orchestration-port.js";

/**
 * The pipeline of a batch: `tr-<hash>` of the partition key and every (path, eTag) in it, so the same
 * file versions can never start two pipelines, whichever debounce round or instance handed them over.
 */
export function pipelineInstanceId(input: Pick<LandingPipelineInput, "key" | "batch">): string {
  const { key, batch } = input;
  const files = batch.files.map((f) => `${f.path}@${f.eTag}`).sort();
  return instanceIdFor("tr", [
    "v1",
    key.account,
    key.filesystem,
    key.trigger,
    key.target,
    key.partition,
    ...files,
  ]);
}

export interface LandingActivityDeps {
  readonly orchestrations: OrchestrationPort;
}

/** Side effects of the landing debounce; safe to run twice (activities are at-least-once). */
export function createLandingActivities(deps: LandingActivityDeps) {
  return {
    startLandingPipeline: async (input: LandingPipelineInput): Promise<StartPipelineOutput> => {
      const instanceId = pipelineInstanceId(input);
      if ((await deps.orchestrations.status(instanceId)) !== undefined)
        return { kind: "existing", instanceId };
      await deps.orchestrations.start(PIPELINE_ORCHESTRATION, instanceId, input);
      return { kind: "started", instanceId };
    },
  };
}
