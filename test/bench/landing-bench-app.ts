/**
 * The function app of `npm run bench:landing`: the product's landing functions (functions/landing.ts:
 * the Event Grid trigger, the debounce orchestration, StartLandingPipeline) unchanged, plus a stand-in
 * for the pipeline orchestration that completes at once with its input, so the bench measures ingress
 * and debounce only (the real trainEvaluateRegister needs Databricks).
 */
import * as df from "durable-functions";
import "../../functions/landing.js";
import { PIPELINE_ORCHESTRATION } from "../../shared/pipelines/landing/landing.contracts.js";

df.app.orchestration(PIPELINE_ORCHESTRATION, function* (ctx) {
  yield* [];
  return ctx.df.getInput<unknown>();
});
