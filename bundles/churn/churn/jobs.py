"""The three Databricks jobs' main functions: parse job parameters, do the work, report through MLflow.

`src/*.py` are the spark_python_task files that call these. Every input is a job parameter (a string on
the command line); a wrong type or bad data ends the job with `ERROR: <message>` as the last line of
stderr (what Databricks and the emulator show as the run's error) and a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Sequence

import mlflow
import pandas as pd
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

from churn import evaluate, register, tracking
from churn.data import read_partitions
from churn.errors import ChurnInputError
from churn.features import validate_frame
from churn.lake import filesystem_for
from churn.train import HOLDOUT_ARTIFACT, MODEL_ARTIFACT, TrainParams, train_and_log

CHAMPION_ALIAS = "champion"


# ---- parameter types: argparse turns a ValueError here into "argument --x: invalid ... value" + exit 2


def path_list(text: str) -> list[str]:
    """Comma-separated paths (job parameters are strings); empty entries are an error, not skipped."""
    paths = [p.strip() for p in text.split(",")]
    if not text.strip() or any(not p for p in paths):
        raise argparse.ArgumentTypeError(f"expected comma-separated paths, got {text!r}")
    return paths


def fraction(text: str) -> float:
    value = float(text)
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}")
    return value


def positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def boolean(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered not in ("true", "false"):
        raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")
    return lowered == "true"


def _parser(prog: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--experiment-name", default="", help="MLflow experiment of the train runs")
    parser.add_argument("--orchestration-id", default="", help="the orchestrator's instance id (lineage)")
    parser.add_argument("--commit-sha", default="", help="commit of the bundle source (lineage)")
    return parser


def _lineage(args: argparse.Namespace, data_paths: Sequence[str]) -> dict[str, str]:
    return {
        tracking.ORCHESTRATION_ID: args.orchestration_id,
        tracking.COMMIT_SHA: args.commit_sha,
        tracking.DATA_PATHS: ",".join(data_paths),
    }


def _report(result: dict[str, object]) -> None:
    """One JSON line on stdout: readable in the run output; the durable record is in MLflow."""
    print(json.dumps(result, sort_keys=True))


# ---- train


def train_main(argv: Sequence[str] | None = None) -> int:
    parser = _parser("train", "Train the churn model on landed partitions and log it to MLflow.")
    parser.add_argument("--input-paths", type=path_list, required=True, help="comma-separated partitions or files")
    parser.add_argument("--c", type=positive_float, default=TrainParams.c, help="inverse regularisation strength")
    parser.add_argument("--max-iter", type=positive_int, default=TrainParams.max_iter)
    parser.add_argument("--seed", type=int, default=TrainParams.seed)
    parser.add_argument("--holdout-fraction", type=fraction, default=TrainParams.holdout_fraction)
    args = parser.parse_args(argv)
    if not args.experiment_name:
        parser.error("--experiment-name is required")
    df = read_partitions(args.input_paths, filesystem_for(args.input_paths[0]))
    params = TrainParams(c=args.c, max_iter=args.max_iter, seed=args.seed, holdout_fraction=args.holdout_fraction)
    run_id = train_and_log(df, params, args.experiment_name, _lineage(args, args.input_paths))
    _report({"job": "train", "run_id": run_id, "rows": len(df)})
    return 0


# ---- evaluate


def _holdout(client: MlflowClient, run_id: str, paths: list[str] | None) -> pd.DataFrame:
    """The given holdout partitions, else the holdout split the train run logged."""
    if paths:
        return read_partitions(paths, filesystem_for(paths[0]))
    with tempfile.TemporaryDirectory() as tmp:
        try:
            local = client.download_artifacts(run_id, HOLDOUT_ARTIFACT, tmp)
        except (MlflowException, OSError) as err:
            raise ChurnInputError(f"run {run_id} has no {HOLDOUT_ARTIFACT}; pass --holdout-paths") from err
        return validate_frame(pd.read_parquet(local), f"runs:/{run_id}/{HOLDOUT_ARTIFACT}")


def _champion(client: MlflowClient, model_name: str) -> mlflow.pyfunc.PyFuncModel | None:
    """The model behind the `champion` alias, or None when the model or the alias does not exist yet."""
    if not model_name:
        return None
    try:
        version = client.get_model_version_by_alias(model_name, CHAMPION_ALIAS)
    except MlflowException:
        return None
    return mlflow.pyfunc.load_model(f"models:/{model_name}/{version.version}")


def evaluate_main(argv: Sequence[str] | None = None) -> int:
    parser = _parser("evaluate", "Score the train run's model on a holdout set, against the champion.")
    parser.add_argument("--run-id", default="", help="train run; else found by --orchestration-id")
    parser.add_argument("--model-name", default="", help="registered model whose champion to compare with")
    parser.add_argument("--holdout-paths", type=lambda t: path_list(t) if t.strip() else [], default=[])
    parser.add_argument("--min-roc-auc", type=float, default=evaluate.Gate.min_roc_auc)
    parser.add_argument("--min-f1", type=float, default=evaluate.Gate.min_f1)
    parser.add_argument("--max-roc-auc-drop", type=float, default=evaluate.Gate.max_roc_auc_drop)
    args = parser.parse_args(argv)
    client = MlflowClient()
    run_id = tracking.resolve_run_id(client, args.run_id, args.experiment_name, args.orchestration_id)
    holdout = _holdout(client, run_id, args.holdout_paths)
    candidate = evaluate.score(mlflow.pyfunc.load_model(f"runs:/{run_id}/{MODEL_ARTIFACT}"), holdout)
    champion_model = _champion(client, args.model_name)
    champion = evaluate.score(champion_model, holdout) if champion_model is not None else None
    gate = evaluate.Gate(args.min_roc_auc, args.min_f1, args.max_roc_auc_drop)
    result = evaluate.check_gate(candidate, champion, gate)
    with mlflow.start_run(run_id=run_id):
        mlflow.log_metrics({f"eval_{k}": v for k, v in candidate.as_dict().items()})
        if champion is not None:
            mlflow.log_metrics({f"champion_{k}": v for k, v in champion.as_dict().items()})
        mlflow.log_metric("gate_passed", 1.0 if result.passed else 0.0)
        mlflow.set_tag("gate_reasons", "; ".join(result.reasons) or "passed")
    _report({"job": "evaluate", "run_id": run_id, "gate_passed": result.passed, "reasons": result.reasons, **candidate.as_dict()})
    return 0


# ---- register


def register_main(argv: Sequence[str] | None = None) -> int:
    parser = _parser("register", "Register the train run's model and tag the version with its lineage.")
    parser.add_argument("--run-id", default="", help="train run; else found by --orchestration-id")
    parser.add_argument("--model-name", required=True, help="catalog.schema.model on Unity Catalog")
    parser.add_argument("--alias", default="", help="alias to point at the new version (e.g. challenger)")
    parser.add_argument("--require-gate", type=boolean, default=True, help="refuse runs whose gate did not pass")
    args = parser.parse_args(argv)
    if not args.model_name.strip():
        parser.error("--model-name must not be empty")
    client = MlflowClient()
    run_id = tracking.resolve_run_id(client, args.run_id, args.experiment_name, args.orchestration_id)
    run = client.get_run(run_id)
    if args.require_gate and run.data.metrics.get("gate_passed") != 1.0:
        state = "was not evaluated" if "gate_passed" not in run.data.metrics else f"failed the gate ({run.data.tags.get('gate_reasons', '')})"
        raise ChurnInputError(f"run {run_id} {state}; refusing to register (pass --require-gate false to override)")
    tags = {key: getattr(args, key) or run.data.tags.get(key, "") for key in (tracking.ORCHESTRATION_ID, tracking.COMMIT_SHA)}
    tags[tracking.DATA_PATHS] = run.data.tags.get(tracking.DATA_PATHS, "")
    tags["run_id"] = run_id
    version = register.register(client, run_id, args.model_name, tags, args.alias)
    _report({"job": "register", "run_id": run_id, "model_name": args.model_name, "version": version})
    return 0


def run(main: Callable[[Sequence[str] | None], int], argv: Sequence[str] | None = None) -> int:
    """Runs a job main; bad input becomes `ERROR: ...` on stderr and exit code 1 (argparse exits 2 itself)."""
    try:
        return main(argv)
    except ChurnInputError as err:
        print(f"ERROR: {err}", file=sys.stderr)
        return 1


def entry(main: Callable[[Sequence[str] | None], int]) -> None:
    """For `src/*.py`: exit with the job's code so the task fails when the job does."""
    sys.exit(run(main, sys.argv[1:]))


