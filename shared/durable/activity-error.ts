import { AppError } from "../errors/app-error.js";
import type { ActivityFailure } from "./contracts.js";

/**
 * Thrown inside an orchestrator by `callActivity` when the activity reported a non-retryable
 * `AppError`. Carries the original `code`, so orchestrators branch on codes exactly as activities do.
 * Never retried: the activity already decided that retrying cannot help.
 */
export class ActivityError extends AppError {
  readonly activity: string;

  constructor(activity: string, failure: ActivityFailure) {
    super({ code: failure.code, message: failure.message, retryable: false });
    this.activity = activity;
  }
}
