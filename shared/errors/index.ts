export {
  AppError,
  isAppError,
  type AppErrorInit,
  type AppErrorOptions,
  type SafeDetails,
} from "./app-error.js";
export {
  ConfigError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  UpstreamError,
  ValidationError,
  type ConfigProblem,
} from "./taxonomy.js";
export { toHttpResponse, type ErrorBody } from "./http.js";
