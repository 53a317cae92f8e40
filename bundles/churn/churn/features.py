"""The input schema and preprocessing, in one place so training, scoring and data checks agree."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from churn.errors import ChurnInputError

TARGET = "churned"
ID_COLUMN = "customer_id"
NUMERIC = ["tenure_months", "monthly_charges", "total_charges", "support_tickets", "senior_citizen"]
CATEGORICAL = ["contract", "payment_method", "internet_service"]
FEATURES = NUMERIC + CATEGORICAL
DERIVED = ["charges_per_tenure_month"]

CONTRACTS = ["month-to-month", "one-year", "two-year"]
PAYMENT_METHODS = ["electronic-check", "mailed-check", "bank-transfer", "credit-card"]
INTERNET_SERVICES = ["dsl", "fiber", "none"]


def validate_frame(df: pd.DataFrame, source: str, *, require_target: bool = True) -> pd.DataFrame:
    """Checks columns and types of a landed frame and returns it with numeric columns as floats.

    Why strict: a partition with a renamed or missing column would otherwise train on NaNs and "succeed".
    `source` names the file or partition in the message so the run output says where to look.
    """
    required = FEATURES + ([TARGET] if require_target else [])
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ChurnInputError(f"{source}: missing column(s) {', '.join(missing)} (expected {', '.join(required)})")
    if df.empty:
        raise ChurnInputError(f"{source}: no rows")
    out = df.copy()
    for col in NUMERIC + ([TARGET] if require_target else []):
        converted = pd.to_numeric(out[col], errors="coerce")
        bad = converted.isna() & out[col].notna()
        if bad.any():
            example = out.loc[bad, col].iloc[0]
            raise ChurnInputError(f"{source}: column {col} has non-numeric value {example!r} ({int(bad.sum())} row(s))")
        if converted.isna().any():
            raise ChurnInputError(f"{source}: column {col} has {int(converted.isna().sum())} empty value(s)")
        out[col] = converted.astype(float)
    if require_target and not out[TARGET].isin([0.0, 1.0]).all():
        raise ChurnInputError(f"{source}: column {TARGET} must be 0 or 1")
    for col in CATEGORICAL:
        out[col] = out[col].astype(str)
    return out


def add_derived(df: pd.DataFrame) -> pd.DataFrame:
    """Adds features computed from the raw columns; part of the model pipeline so serving sees raw input."""
    out = df.copy()
    out["charges_per_tenure_month"] = out["total_charges"] / np.maximum(out["tenure_months"], 1.0)
    return out


def build_preprocessor() -> Pipeline:
    """Derived features, scaled numerics and one-hot categoricals (unknown categories are ignored, not fatal)."""
    columns = ColumnTransformer(
        [
            ("numeric", StandardScaler(), NUMERIC + DERIVED),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
        ]
    )
    return Pipeline([("derive", FunctionTransformer(add_derived, validate=False)), ("columns", columns)])
