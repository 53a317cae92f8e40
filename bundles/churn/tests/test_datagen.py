"""The generator is deterministic, and its drift knob makes a batch measurably harder for the model."""

import pandas as pd
import pytest

from churn.datagen import generate, main
from churn.evaluate import Gate, check_gate, score
from churn.train import TrainParams, fit, split


def test_same_seed_same_rows() -> None:
    pd.testing.assert_frame_equal(generate(300, seed=3), generate(300, seed=3))


def test_different_seed_different_rows() -> None:
    assert not generate(300, seed=3).equals(generate(300, seed=4))


def test_both_classes_present() -> None:
    rate = generate(2000, seed=5)["churned"].mean()
    assert 0.15 < rate < 0.6


@pytest.mark.parametrize("kwargs", [{"rows": 0, "seed": 1}, {"rows": 10, "seed": 1, "drift": 1.5}])
def test_rejects_bad_arguments(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        generate(**kwargs)


def test_drifted_batch_scores_worse_and_fails_the_gate() -> None:
    train, holdout = split(generate(3000, seed=21), 0.3, seed=1)
    model = fit(train, TrainParams())
    clean = score(model, holdout)
    drifted = score(model, generate(1500, seed=22, drift=1.0))
    assert clean.roc_auc - drifted.roc_auc > 0.15
    assert check_gate(clean, None, Gate()).passed
    assert not check_gate(drifted, None, Gate()).passed


def test_a_model_trained_on_a_drifted_batch_fails_the_gate() -> None:
    train, holdout = split(generate(3000, seed=23, drift=1.0), 0.3, seed=1)
    assert not check_gate(score(fit(train, TrainParams()), holdout), None, Gate()).passed


def test_cli_writes_a_partition_with_a_marker(tmp_path) -> None:
    assert main(["--out", str(tmp_path), "--date", "2026-11-25", "--rows", "50", "--parts", "2"]) == 0
    folder = tmp_path / "date=2026-11-25"
    assert sorted(p.name for p in folder.iterdir()) == ["_SUCCESS", "part-00000.csv", "part-00001.csv"]
