/** Extra data attached to an error. Only put values here that are safe to show a caller or write to logs. */
export type SafeDetails = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

/** Options shared by every {@link AppError} subclass. */
export interface AppErrorOptions {
  /** Overrides the class's default code; must be SCREAMING_SNAKE (`RUN_NOT_FOUND`). */
  readonly code?: string;
  readonly cause?: unknown;
  readonly details?: SafeDetails;
}

/** Full constructor input for {@link AppError}. */
export interface AppErrorInit extends AppErrorOptions {
  readonly code: string;
  readonly message: string;
  /** HTTP status this error maps to in {@link toHttpResponse}. Default 500. */
  readonly status?: number;
  /** Whether trying again later can succeed (network blip, 429, 5xx upstream). Default false. */
  readonly retryable?: boolean;
  /**
   * Whether `message` and `details` may be shown to an HTTP caller. Defaults to `status < 500`, as in
   * the `http-errors` package: client errors explain themselves, server errors stay opaque.
   */
  readonly expose?: boolean;
}

const CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/**
 * Base class of every error the app raises on purpose. Code branches on `code`, never on `message`
 * (see the style guide, "Errors across the durable boundary").
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly expose: boolean;
  readonly details: SafeDetails | undefined;

  constructor(init: AppErrorInit) {
    if (!CODE_PATTERN.test(init.code)) {
      throw new TypeError(`AppError code must be SCREAMING_SNAKE, got "${init.code}"`);
    }
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status ?? 500;
    this.retryable = init.retryable ?? false;
    this.expose = init.expose ?? this.status < 500;
    this.details = init.details;
  }
}

/** Narrows an unknown thrown value to {@link AppError}. */
export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
