export {
  CALLBACK_FALLBACK_POLL_SECONDS,
  FIRST_POLL_SECONDS,
  MAX_POLL_SECONDS,
  nextPollDelay,
  POLLS_PER_EXECUTION,
} from "./backoff.js";
export * from "./run-job.contracts.js";
export { runJobOrchestrator } from "./run-job.orchestrator.js";
