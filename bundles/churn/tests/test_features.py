"""Schema checks and preprocessing."""

import numpy as np
import pytest

from churn.errors import ChurnInputError
from churn.features import FEATURES, add_derived, build_preprocessor, validate_frame


def test_validate_converts_numerics(batch) -> None:
    out = validate_frame(batch.astype({"tenure_months": str}), "b")
    assert out["tenure_months"].dtype == float


def test_missing_column_is_named(batch) -> None:
    with pytest.raises(ChurnInputError, match=r"part-1\.csv: missing column\(s\) contract"):
        validate_frame(batch.drop(columns=["contract"]), "part-1.csv")


def test_non_numeric_value_is_named(batch) -> None:
    bad = batch.astype({"monthly_charges": object})
    bad.loc[3, "monthly_charges"] = "n/a"
    with pytest.raises(ChurnInputError, match="monthly_charges has non-numeric value 'n/a'"):
        validate_frame(bad, "b")


def test_label_must_be_binary(batch) -> None:
    bad = batch.copy()
    bad.loc[0, "churned"] = 2
    with pytest.raises(ChurnInputError, match="must be 0 or 1"):
        validate_frame(bad, "b")


def test_no_rows(batch) -> None:
    with pytest.raises(ChurnInputError, match="no rows"):
        validate_frame(batch.head(0), "b")


def test_derived_feature_handles_zero_tenure(batch) -> None:
    frame = validate_frame(batch, "b").head(3).assign(tenure_months=0.0, total_charges=50.0)
    assert np.allclose(add_derived(frame)["charges_per_tenure_month"], 50.0)


def test_preprocessor_ignores_unknown_categories(batch) -> None:
    frame = validate_frame(batch, "b")
    pre = build_preprocessor().fit(frame[FEATURES])
    unseen = frame[FEATURES].head(2).assign(contract="weekly")
    assert pre.transform(unseen).shape[0] == 2
