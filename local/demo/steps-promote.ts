import type { DemoState, StoryDeps } from "./context.js";
import { historyCost, instanceStatus } from "./durable.js";
import { errorText, show } from "./host-api.js";
import { promoteBaseline, requestPromotion } from "./promotion-flow.js";
import { BOB, decide, DEV_PRINCIPAL_HEADER } from "./promotions.js";
import { seconds } from "./narration.js";
import { StepError, type Step } from "./runner.js";

/** Reads the promotion's history cost (events, activity executions) through the Durable HTTP API. */
async function cost(deps: StoryDeps, id: string) {
  const status = await instanceStatus(deps.api, id, { showHistory: true });
  if (status?.historyEvents === undefined) throw new StepError(`the history of ${id} could not be read`);
  const { events, activities } = historyCost(status);
  return { events, activities };
}

/** First champion (only when needed), promote as alice, approve as bob after showing the wait is free. */
export function promoteSteps(deps: StoryDeps): Step<DemoState>[] {
  return [
    {
      name: "baseline",
      title: `first champion on ${deps.to} (only on a stack without one)`,
      run: (state, ctx) => promoteBaseline(deps, state, ctx),
    },
    {
      name: "promote",
      title: `promote the challenger ${deps.from} → ${deps.to} (as alice)`,
      async run(state, ctx) {
        const main = state.registered.find((r) => r.role === "main");
        if (main === undefined) throw new StepError("no version was registered by this run");
        const view = await requestPromotion(
          deps,
          ctx,
          main.model,
          main.version,
          `promote version ${main.version}`,
        );
        state.promotionId = view.id;
        const deadline = show(view.progress?.deadline ?? "?");
        return `promotion ${view.id} of version ${main.version} awaits approval (deadline ${deadline})`;
      },
    },
    {
      name: "approve",
      title: "approve as a second person (bob)",
      async run(state, ctx) {
        const id = state.promotionId ?? "";
        const before = await cost(deps, id);
        const self = await deps.api.post(
          `/api/promotions/${encodeURIComponent(id)}/approve`,
          { comment: "my own" },
          { [DEV_PRINCIPAL_HEADER]: "alice; roles=Promotion.Request,Promotion.Approve" },
        );
        if (self.status !== 403)
          throw new StepError(`alice approving her own request got ${errorText(self)}, not 403`);
        ctx.progress(`alice approving her own request → 403 (four-eyes rule)`);
        await deps.wait(deps.idleProbeMs);
        const after = await cost(deps, id);
        state.idleCost = { before, after, ms: deps.idleProbeMs };
        ctx.progress(
          `while waiting ${seconds(deps.idleProbeMs)}: history ${before.events} → ${after.events} events, ` +
            `${before.activities} → ${after.activities} activity executions`,
        );
        if (after.events !== before.events || after.activities !== before.activities) {
          throw new StepError(
            `waiting for approval was not free: the history grew from ${before.events} to ${after.events} events`,
          );
        }
        state.approvedAt = deps.now();
        await decide(deps.api, id, BOB, "looks good");
        return `bob approved ${id}; the wait cost nothing (${after.events} events, ${after.activities} activities before and after)`;
      },
    },
  ];
}
