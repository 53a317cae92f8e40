"""Training: split, fit, log params/metrics/model/holdout to one MLflow run tagged with lineage ids."""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, dataclass

import mlflow
import pandas as pd
from mlflow.models import infer_signature
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline

from churn import evaluate
from churn.errors import ChurnInputError
from churn.features import FEATURES, TARGET, add_derived, build_preprocessor

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
HOLDOUT_ARTIFACT = "holdout/holdout.parquet"
MODEL_ARTIFACT = "model"


@dataclass(frozen=True)
class TrainParams:
    """Hyperparameters and split settings; all of them are logged as run params."""

    c: float = 1.0
    max_iter: int = 500
    seed: int = 42
    holdout_fraction: float = 0.25


def split(df: pd.DataFrame, holdout_fraction: float, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A stratified, seeded train/holdout split; refuses data with a single class (nothing to learn)."""
    counts = df[TARGET].value_counts()
    if len(counts) < 2 or counts.min() < 2:
        raise ChurnInputError(f"need at least 2 rows of each class in {TARGET}, got {counts.to_dict()}")
    train, holdout = train_test_split(df, test_size=holdout_fraction, random_state=seed, stratify=df[TARGET])
    return train.reset_index(drop=True), holdout.reset_index(drop=True)


def fit(train: pd.DataFrame, params: TrainParams) -> Pipeline:
    """Preprocessing + balanced logistic regression: churners are the minority class."""
    model = Pipeline(
        [
            ("features", build_preprocessor()),
            ("classifier", LogisticRegression(C=params.c, max_iter=params.max_iter, class_weight="balanced", random_state=params.seed)),
        ]
    )
    model.fit(train[FEATURES], train[TARGET].astype(int))
    return model


def train_and_log(df: pd.DataFrame, params: TrainParams, experiment_name: str, tags: dict[str, str]) -> str:
    """Trains on `df` and logs everything to a new run in `experiment_name`; returns the run id.

    The holdout split is logged as an artifact so the evaluate job scores exactly the rows training never saw.
    The package is logged with the model (code_paths) so the model loads where `churn` is not installed.
    """
    train, holdout = split(df, params.holdout_fraction, params.seed)
    mlflow.set_experiment(experiment_name)
    with mlflow.start_run(tags={k: v for k, v in tags.items() if v}) as run:
        mlflow.log_params({**asdict(params), "train_rows": len(train), "holdout_rows": len(holdout)})
        model = fit(train, params)
        metrics = evaluate.score(model, holdout)
        mlflow.log_metrics({f"holdout_{k}": v for k, v in metrics.as_dict().items()})
        mlflow.log_metric("train_churn_rate", float(train[TARGET].mean()))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, os.path.basename(HOLDOUT_ARTIFACT))
            holdout.to_parquet(path, index=False)
            mlflow.log_artifact(path, artifact_path=os.path.dirname(HOLDOUT_ARTIFACT))
        example = train[FEATURES].head(5)
        mlflow.sklearn.log_model(
            model,
            name=MODEL_ARTIFACT,
            signature=infer_signature(example, model.predict(example)),
            input_example=example,
            code_paths=[PACKAGE_DIR],
            # MLflow saves sklearn models with skops, which loads only types it is told to trust.
            skops_trusted_types=[f"{add_derived.__module__}.{add_derived.__name__}"],
        )
        return run.info.run_id
