import type { DemoState, StoryDeps } from "./context.js";
import { poll } from "./context.js";
import { failureOf, instanceStatus, isTerminal } from "./durable.js";
import { errorText, field, parseJson, show } from "./host-api.js";
import { pushHead } from "./push.js";
import { StepError, type Step } from "./runner.js";

interface BundleResult {
  bundle: string;
  kind: string;
  message?: string;
  counts?: Record<string, number>;
}

/** Push (what `npm run push` sends, signed with the local secret) and the deploy to staging it starts. */
export function deploySteps(deps: StoryDeps): Step<DemoState>[] {
  return [
    {
      name: "push",
      title: "push: a signed GitHub push of HEAD to main",
      async run(state, ctx) {
        const pushed = await pushHead(deps.api.baseUrl, deps.root, `bundles/${deps.bundle}`);
        ctx.progress(
          `${pushed.ref} ${pushed.after.slice(0, 12)} (${pushed.commits} commits) → HTTP ${pushed.status}`,
        );
        const body = parseJson(pushed.body);
        const instanceId = field(body, "instanceId");
        if (pushed.status !== 202 || typeof instanceId !== "string") {
          const text = errorText({ status: pushed.status, body, text: pushed.body });
          throw new StepError(`the webhook answered ${text}; expected 202 with an instanceId`);
        }
        state.sha = pushed.after;
        state.deployInstance = instanceId;
        const target = show(field(body, "target"));
        return `webhook accepted ${pushed.after.slice(0, 12)} for ${target}: DeployOnPush ${instanceId}`;
      },
    },
    {
      name: "deploy-staging",
      title: `deploy to ${deps.from} (DeployOnPush)`,
      async run(state, ctx) {
        const id = state.deployInstance ?? "";
        const status = await poll(deps, ctx, `DeployOnPush ${id}`, deps.timeouts.deployMs, async () => {
          const s = await instanceStatus(deps.api, id);
          if (s === undefined) return { done: false, note: "instance not found yet" };
          if (isTerminal(s)) return { done: true, value: s };
          const step = field(s.customStatus, "step");
          return { done: false, note: `${s.runtimeStatus}${step === undefined ? "" : `: ${show(step)}`}` };
        });
        const failure = failureOf(status);
        if (failure !== undefined) throw new StepError(failure);
        const results = (field(status.output, "results") ?? []) as BundleResult[];
        const mine = results.find((r) => r.bundle === deps.bundle);
        if (mine === undefined) {
          throw new StepError(`the push did not deploy ${deps.bundle}: ${JSON.stringify(status.output)}`);
        }
        if (mine.kind !== "deployed") {
          throw new StepError(
            `${deps.bundle} ${mine.kind} on ${deps.from}${mine.message ? `: ${mine.message}` : ""}`,
          );
        }
        const target = String(field(status.output, "target"));
        if (target !== deps.from) throw new StepError(`the push deployed to ${target}, not ${deps.from}`);
        const c = mine.counts ?? {};
        return `${deps.bundle} deployed to ${target} (${c.add ?? 0} added, ${c.change ?? 0} changed, ${c.delete ?? 0} deleted)`;
      },
    },
  ];
}
