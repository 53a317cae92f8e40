"""Registration: the train run's model becomes a registry version tagged with its lineage.

Safe to run twice (the orchestrator's activities are at-least-once): a version already registered from the
same run is reused, and tags and alias are set to the same values again.
"""

from __future__ import annotations

import mlflow
from mlflow.tracking import MlflowClient

from churn.train import MODEL_ARTIFACT


def find_version(client: MlflowClient, model_name: str, run_id: str) -> str | None:
    """The version of `model_name` registered from `run_id`, if any."""
    escaped = model_name.replace("'", "\\'")
    for version in client.search_model_versions(f"name = '{escaped}'"):
        if version.run_id == run_id:
            return str(version.version)
    return None


def register(client: MlflowClient, run_id: str, model_name: str, tags: dict[str, str], alias: str = "") -> str:
    """Registers (or finds) the version, tags it and optionally points `alias` at it; returns the version."""
    version = find_version(client, model_name, run_id)
    if version is None:
        version = str(mlflow.register_model(f"runs:/{run_id}/{MODEL_ARTIFACT}", model_name).version)
    for key, value in tags.items():
        if value:
            client.set_model_version_tag(model_name, version, key, value)
    if alias:
        client.set_registered_model_alias(model_name, alias, version)
    return version
