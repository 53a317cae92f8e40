"""The three jobs end to end against a throwaway MLflow store, and their failures on bad parameters.

The subprocess tests run the spark_python_task files exactly as Databricks and the emulator do, so the exit
code and the last stderr line (the run's error message) are what a user would see.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mlflow.tracking import MlflowClient

from churn.datagen import generate, write_partition
from churn.jobs import evaluate_main, register_main, run, train_main

SRC = Path(__file__).resolve().parent.parent / "src"
MODEL = "main.ml.churn"


def _train(partition: str, orchestration_id: str) -> None:
    argv = ["--input-paths", partition, "--experiment-name", "churn", "--orchestration-id", orchestration_id, "--commit-sha", "abc123"]
    assert run(train_main, argv) == 0


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One tracking store for the module with a clean and a drifted train run (MLflow set-up is the slow part)."""
    root = tmp_path_factory.mktemp("jobs")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{root / 'mlflow.db'}")
        mp.chdir(root)
        clean = write_partition(generate(1200, seed=11), str(root / "lake"), "2026-11-25")
        drifted = write_partition(generate(1200, seed=12, drift=1.0), str(root / "lake"), "2026-11-26")
        _train(clean, "orch-clean")
        _train(drifted, "orch-drift")
        yield {"clean": clean, "drifted": drifted, "uri": f"sqlite:///{root / 'mlflow.db'}"}


def _ids(orchestration_id: str) -> list[str]:
    return ["--experiment-name", "churn", "--orchestration-id", orchestration_id]


def test_train_evaluate_register(store, capsys) -> None:
    assert run(evaluate_main, [*_ids("orch-clean"), "--model-name", MODEL]) == 0
    assert run(register_main, [*_ids("orch-clean"), "--model-name", MODEL, "--alias", "champion"]) == 0
    assert run(register_main, [*_ids("orch-clean"), "--model-name", MODEL, "--alias", "champion"]) == 0  # at-least-once

    client = MlflowClient()
    versions = client.search_model_versions(f"name = '{MODEL}'")
    assert len(versions) == 1
    tags = versions[0].tags
    assert tags["orchestration_id"] == "orch-clean" and tags["commit_sha"] == "abc123"
    assert tags["data_paths"] == store["clean"]
    run_data = client.get_run(versions[0].run_id).data
    assert run_data.metrics["eval_roc_auc"] > 0.75 and run_data.metrics["gate_passed"] == 1.0
    assert run_data.params["seed"] == "42"
    assert run_data.tags["orchestration_id"] == "orch-clean"
    assert '"job": "register"' in capsys.readouterr().out


def test_drifted_batch_fails_the_gate_and_is_not_registered(store, capsys) -> None:
    assert run(register_main, [*_ids("orch-drift"), "--model-name", MODEL]) == 1
    assert "was not evaluated" in capsys.readouterr().err
    assert run(evaluate_main, [*_ids("orch-drift"), "--model-name", MODEL]) == 0  # a failed gate is a result
    assert '"gate_passed": false' in capsys.readouterr().out
    assert run(register_main, [*_ids("orch-drift"), "--model-name", MODEL]) == 1
    assert "failed the gate" in capsys.readouterr().err


def test_evaluate_on_given_holdout_paths(store, capsys) -> None:
    assert run(evaluate_main, [*_ids("orch-clean"), "--holdout-paths", store["drifted"]]) == 0
    assert '"gate_passed": false' in capsys.readouterr().out


def test_unknown_orchestration_id(store, capsys) -> None:
    assert run(evaluate_main, _ids("nope")) == 1
    assert "no finished train run tagged orchestration_id=nope" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("main", "args", "message"),
    [
        (train_main, ["--holdout-fraction", "abc"], "argument --holdout-fraction: invalid fraction value: 'abc'"),
        (train_main, ["--holdout-fraction", "1.5"], "expected a number between 0 and 1, got '1.5'"),
        (train_main, ["--max-iter", "ten"], "argument --max-iter: invalid positive_int value: 'ten'"),
        (train_main, ["--seed", "4.5"], "argument --seed: invalid int value: '4.5'"),
        (train_main, ["--input-paths", "a,,b"], "expected comma-separated paths, got 'a,,b'"),
        (register_main, ["--model-name", MODEL, "--require-gate", "yes"], "expected true or false, got 'yes'"),
        (evaluate_main, ["--min-roc-auc", "high"], "argument --min-roc-auc: invalid float value: 'high'"),
    ],
)
def test_wrong_parameter_types(main, args, message, capsys) -> None:
    base = ["--input-paths", "x", "--experiment-name", "churn"] if main is train_main else []
    with pytest.raises(SystemExit) as exit_info:
        run(main, [*base, *args])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def _script(name: str, *args: str, tracking_uri: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MLFLOW_TRACKING_URI": tracking_uri}
    return subprocess.run([sys.executable, str(SRC / f"{name}.py"), *args], capture_output=True, text=True, env=env, timeout=120)


def _last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def test_missing_required_parameter(tmp_path) -> None:
    result = _script("train", "--experiment-name", "churn", tracking_uri=f"sqlite:///{tmp_path / 'mlflow.db'}")
    assert result.returncode == 2
    assert "the following arguments are required: --input-paths" in _last_line(result.stderr)


def test_bad_data_fails_the_script_with_one_clear_line(tmp_path) -> None:
    (tmp_path / "part-0.csv").write_bytes(b"")
    result = _script("train", "--input-paths", str(tmp_path), "--experiment-name", "churn", tracking_uri=f"sqlite:///{tmp_path / 'mlflow.db'}")
    assert result.returncode == 1
    assert _last_line(result.stderr) == f"ERROR: {tmp_path / 'part-0.csv'}: file is empty"
