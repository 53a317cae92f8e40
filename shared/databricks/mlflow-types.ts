/** MLflow REST shapes (mlflow/protos service.proto and model_registry.proto). MLflow ids are strings. */

export interface KeyValue {
  key: string;
  value: string;
}

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: number;
  last_update_time?: number;
  tags?: KeyValue[];
}

export interface Metric {
  key: string;
  value: number;
  /** ms since the epoch */
  timestamp: number;
  step?: number;
}

export interface RunInfo {
  run_id: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status?: "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

export interface MlflowRun {
  info: RunInfo;
  data?: { metrics?: Metric[]; params?: KeyValue[]; tags?: KeyValue[] };
  inputs?: Record<string, unknown>;
}

export interface SearchRunsRequest {
  experiment_ids: string[];
  filter?: string;
  run_view_type?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
  max_results?: number;
  order_by?: string[];
}

export interface CreateRunRequest {
  experiment_id: string;
  run_name?: string;
  start_time?: number;
  tags?: KeyValue[];
  user_id?: string;
}

export interface LogBatchRequest {
  run_id: string;
  metrics?: Metric[];
  params?: KeyValue[];
  tags?: KeyValue[];
}

export type ModelStage = "None" | "Staging" | "Production" | "Archived";

/** Workspace-registry model version; `version` is a string in this API. */
export interface ModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  current_stage?: ModelStage | (string & {});
  description?: string;
  source?: string;
  run_id?: string;
  run_link?: string;
  status?: "PENDING_REGISTRATION" | "FAILED_REGISTRATION" | "READY";
  status_message?: string;
  tags?: KeyValue[];
  aliases?: string[];
  user_id?: string;
}

export interface RegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  description?: string;
  latest_versions?: ModelVersion[];
  tags?: KeyValue[];
  aliases?: { alias: string; version: string }[];
}

export interface CreateModelVersionRequest {
  name: string;
  source: string;
  run_id?: string;
  run_link?: string;
  description?: string;
  tags?: KeyValue[];
}

/** Search query shared by registered-models/search and model-versions/search. */
export interface RegistrySearchRequest {
  filter?: string;
  max_results?: number;
  order_by?: string[];
}
