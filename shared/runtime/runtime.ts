import type { Config } from "../config/schema.js";
import { createLogger, jsonLinesSink, type LogSink, type Logger } from "./logger.js";

/** Everything the app builds once per worker process. Later issues add their clients here. */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
}

export interface RuntimeDeps {
  /** Where app logs go; JSON lines on stdout unless a test passes its own. */
  readonly sink?: LogSink;
}

/** The composition root: the only place that turns config into live objects. */
export function createRuntime(config: Config, deps: RuntimeDeps = {}): Runtime {
  const logger = createLogger({
    sink: deps.sink ?? jsonLinesSink(),
    level: config.app.logLevel,
    fields: { environment: config.app.environment },
  });
  return Object.freeze({ config, logger });
}
