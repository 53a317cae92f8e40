"""Evaluation: metrics on a holdout set, comparison with the champion, and the metric gate.

The gate here mirrors the orchestrator's (which reads its thresholds from the bundle's sidecar config): a
failed gate is a logged result, not a failed job — only bad input or a broken model fails the job.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score

from churn.errors import ChurnInputError
from churn.features import FEATURES, TARGET


@dataclass(frozen=True)
class Metrics:
    """Binary classification metrics at a 0.5 threshold (AUC is threshold-free)."""

    roc_auc: float
    f1: float
    precision: float
    recall: float

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


@dataclass(frozen=True)
class Gate:
    """Absolute floors, and the largest ROC AUC drop allowed against the champion."""

    min_roc_auc: float = 0.75
    min_f1: float = 0.5
    max_roc_auc_drop: float = 0.02


@dataclass(frozen=True)
class GateResult:
    passed: bool
    reasons: list[str] = field(default_factory=list)


def score(model: Any, df: pd.DataFrame) -> Metrics:
    """Scores a fitted model (sklearn pipeline or MLflow pyfunc of one) on labelled rows."""
    labels = df[TARGET].astype(int)
    if labels.nunique() < 2:
        raise ChurnInputError(f"holdout needs both classes of {TARGET} to compute ROC AUC")
    x = df[FEATURES]
    proba = model.predict_proba(x)[:, 1] if hasattr(model, "predict_proba") else _pyfunc_proba(model, x)
    predicted = (proba >= 0.5).astype(int)
    return Metrics(
        roc_auc=float(roc_auc_score(labels, proba)),
        f1=float(f1_score(labels, predicted, zero_division=0)),
        precision=float(precision_score(labels, predicted, zero_division=0)),
        recall=float(recall_score(labels, predicted, zero_division=0)),
    )


def _pyfunc_proba(model: Any, x: pd.DataFrame) -> Any:
    """A pyfunc model predicts labels only; its sklearn pipeline underneath gives probabilities."""
    return model.get_raw_model().predict_proba(x)[:, 1]


def check_gate(candidate: Metrics, champion: Metrics | None, gate: Gate) -> GateResult:
    """Pure decision: every failed rule is a reason; no reasons means passed."""
    reasons: list[str] = []
    if candidate.roc_auc < gate.min_roc_auc:
        reasons.append(f"roc_auc {candidate.roc_auc:.3f} < {gate.min_roc_auc:.3f}")
    if candidate.f1 < gate.min_f1:
        reasons.append(f"f1 {candidate.f1:.3f} < {gate.min_f1:.3f}")
    if champion is not None and champion.roc_auc - candidate.roc_auc > gate.max_roc_auc_drop:
        reasons.append(
            f"roc_auc {candidate.roc_auc:.3f} is more than {gate.max_roc_auc_drop:.3f} below the champion's {champion.roc_auc:.3f}"
        )
    return GateResult(passed=not reasons, reasons=reasons)
