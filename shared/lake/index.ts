export { lakePathProblem } from "./lake-path.js";
export {
  isCloudEvent,
  parseStorageEvent,
  type BlobWrite,
  type CompletingApi,
  type StorageEventResult,
} from "./storage-events.js";
export { compileTriggers, matchWrite, type CompiledTrigger, type LandedFile } from "./trigger-match.js";
