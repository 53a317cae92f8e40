"""Training and evaluation logic on tiny data, and the gate's rules."""

import pytest

from churn.datagen import generate
from churn.errors import ChurnInputError
from churn.evaluate import Gate, Metrics, check_gate, score
from churn.features import validate_frame
from churn.train import TrainParams, fit, split


def test_split_is_seeded_and_stratified(batch) -> None:
    a_train, a_hold = split(batch, 0.25, seed=1)
    b_train, _ = split(batch, 0.25, seed=1)
    assert a_train.equals(b_train)
    assert len(a_hold) == 300
    assert abs(a_hold["churned"].mean() - batch["churned"].mean()) < 0.02


def test_split_refuses_a_single_class(batch) -> None:
    with pytest.raises(ChurnInputError, match="at least 2 rows of each class"):
        split(batch.assign(churned=0), 0.25, seed=1)


def test_fit_learns_the_signal(batch) -> None:
    train, holdout = split(validate_frame(batch, "b"), 0.3, seed=2)
    metrics = score(fit(train, TrainParams()), holdout)
    assert metrics.roc_auc > 0.75
    assert 0.0 < metrics.f1 <= 1.0


def test_fit_is_deterministic(batch) -> None:
    train, holdout = split(batch, 0.3, seed=2)
    assert score(fit(train, TrainParams()), holdout) == score(fit(train, TrainParams()), holdout)


def test_score_needs_both_classes() -> None:
    train, _ = split(generate(400, seed=1), 0.3, seed=1)
    with pytest.raises(ChurnInputError, match="both classes"):
        score(fit(train, TrainParams()), train.assign(churned=1))


GOOD = Metrics(roc_auc=0.85, f1=0.7, precision=0.6, recall=0.8)


def test_gate_passes_good_metrics_without_champion() -> None:
    assert check_gate(GOOD, None, Gate()).passed


def test_gate_reports_every_failed_floor() -> None:
    result = check_gate(Metrics(0.6, 0.3, 0.3, 0.3), None, Gate())
    assert not result.passed
    assert [r.split()[0] for r in result.reasons] == ["roc_auc", "f1"]


def test_gate_compares_with_champion() -> None:
    champion = Metrics(roc_auc=0.9, f1=0.7, precision=0.6, recall=0.8)
    result = check_gate(GOOD, champion, Gate(max_roc_auc_drop=0.02))
    assert not result.passed and "below the champion" in result.reasons[0]
    assert check_gate(GOOD, champion, Gate(max_roc_auc_drop=0.1)).passed
