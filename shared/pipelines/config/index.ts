export { parseDuration } from "./duration.js";
export {
  formatPath,
  parsePipelineConfig,
  PIPELINE_CONFIG_FILE,
  PipelineConfigError,
  validatePipelineConfig,
  type PipelineConfigProblem,
} from "./load.js";
export {
  compilePattern,
  fileGlob,
  patternProblems,
  type PartitionMatch,
  type PartitionPattern,
} from "./path-pattern.js";
export {
  pipelineConfigSchema,
  type GateConfig,
  type LandingTrigger,
  type PipelineConfig,
  type StepName,
} from "./schema.js";
