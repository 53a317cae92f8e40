"""MLflow conventions shared by the jobs: lineage tag names and finding the train run of an orchestration.

The tracking URI is never set here: MLflow reads MLFLOW_TRACKING_URI, which Databricks and the local
emulator set for every task.
"""

from __future__ import annotations

from mlflow.tracking import MlflowClient

from churn.errors import ChurnInputError

# Tag names on the train run and on the registered model version (issue #5: commit SHA, data paths, orchestration id).
ORCHESTRATION_ID = "orchestration_id"
COMMIT_SHA = "commit_sha"
DATA_PATHS = "data_paths"
LINEAGE_TAGS = (ORCHESTRATION_ID, COMMIT_SHA, DATA_PATHS)


def resolve_run_id(client: MlflowClient, run_id: str, experiment_name: str, orchestration_id: str) -> str:
    """The run to evaluate or register: `run_id` when given, else the newest finished run of the experiment
    tagged with `orchestration_id` — so the orchestrator need not read a run id out of job output."""
    if run_id:
        try:
            client.get_run(run_id)
        except Exception as err:  # MlflowException for unknown ids; its codes differ between stores
            raise ChurnInputError(f"run {run_id} not found in the tracking server: {err}") from err
        return run_id
    if not (experiment_name and orchestration_id):
        raise ChurnInputError("give --run-id, or --experiment-name and --orchestration-id to find the train run")
    experiment = client.get_experiment_by_name(experiment_name)
    if experiment is None:
        raise ChurnInputError(f"experiment {experiment_name} not found")
    escaped = orchestration_id.replace("'", "\\'")
    runs = client.search_runs(
        [experiment.experiment_id],
        filter_string=f"tags.{ORCHESTRATION_ID} = '{escaped}' and attributes.status = 'FINISHED'",
        order_by=["attributes.start_time DESC"],
        max_results=1,
    )
    if not runs:
        raise ChurnInputError(f"no finished train run tagged {ORCHESTRATION_ID}={orchestration_id} in {experiment_name}")
    return runs[0].info.run_id
