import type { DemoState, StoryDeps } from "./context.js";
import { poll } from "./context.js";
import { getPipeline, pipelineNote, pipelineProblem, stepProgress, type PipelineView } from "./pipelines.js";
import { show } from "./host-api.js";
import { StepError, type Step } from "./runner.js";

type Role = DemoState["pipelines"][number]["role"];

/** Waits until every pipeline of this run has finished `step` (or registered), failing on the first problem. */
async function waitFor(
  deps: StoryDeps,
  state: DemoState,
  ctx: Parameters<Step<DemoState>["run"]>[1],
  step: "train" | "evaluate" | "register",
): Promise<Map<Role, PipelineView>> {
  const views = new Map<Role, PipelineView>();
  for (const p of state.pipelines) {
    const view = await poll(
      deps,
      ctx,
      `${step} of pipeline ${p.instanceId}`,
      deps.timeouts.pipelineMs,
      async () => {
        const v = await getPipeline(deps.api, p.instanceId);
        const problem = pipelineProblem(v, step);
        if (problem !== undefined) throw new StepError(problem);
        // Evaluate is done once the gate is decided: the metrics are read from the run after the job.
        const finished =
          step === "register"
            ? v.outcome === "registered" && v.model !== null
            : stepProgress(v, step) === "succeeded" && (step !== "evaluate" || v.gate !== null);
        return finished ? { done: true, value: v } : { done: false, note: `${p.role} ${pipelineNote(v)}` };
      },
    );
    views.set(p.role, view);
  }
  return views;
}

const runOf = (view: PipelineView, step: string): string => {
  const s = view.steps.find((x) => x.name === step);
  return `run ${show(s?.runId ?? "?")}${s?.runUrl ? ` (${s.runUrl})` : ""}`;
};

const metric = (view: PipelineView, name: string): string => {
  const value = view.metrics[name];
  return typeof value === "number" ? value.toFixed(3) : "?";
};

/** Train → evaluate (with the gate) → register (challenger), read from `GET /api/pipelines/{id}`. */
export function pipelineSteps(deps: StoryDeps): Step<DemoState>[] {
  return [
    {
      name: "train",
      title: "train (churn-train job)",
      async run(state, ctx) {
        const main = (await waitFor(deps, state, ctx, "train")).get("main")!;
        return `${runOf(main, "train")} succeeded`;
      },
    },
    {
      name: "evaluate",
      title: "evaluate and gate (churn-evaluate job)",
      async run(state, ctx) {
        const main = (await waitFor(deps, state, ctx, "evaluate")).get("main")!;
        const gate = main.gate === null ? "gate pending" : main.gate.passed ? "gate passed" : "gate failed";
        return `${runOf(main, "evaluate")}: eval_roc_auc ${metric(main, "eval_roc_auc")}, eval_f1 ${metric(main, "eval_f1")}, ${gate}`;
      },
    },
    {
      name: "register",
      title: "register the challenger (churn-register job)",
      async run(state, ctx) {
        const views = await waitFor(deps, state, ctx, "register");
        for (const [role, view] of views) {
          const model = view.model!;
          state.registered.push({ role, model: model.name, version: String(model.version) });
        }
        const main = views.get("main")!;
        const m = main.model!;
        if (m.alias !== "challenger")
          throw new StepError(
            `version ${m.version} of ${m.name} holds alias ${String(m.alias)}, not challenger`,
          );
        return `${m.name} version ${m.version} registered with alias ${m.alias}${main.lineage ? `; lineage ${main.lineage.path}` : ""}`;
      },
    },
  ];
}
