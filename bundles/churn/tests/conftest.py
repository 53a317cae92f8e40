"""Shared fixtures: a tiny deterministic batch, and the same batch landed as a two-part partition."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from churn.datagen import generate, write_partition


@pytest.fixture
def batch() -> pd.DataFrame:
    return generate(1200, seed=11)


@pytest.fixture
def partition(tmp_path: Path, batch: pd.DataFrame) -> str:
    return write_partition(batch, str(tmp_path / "lake"), "2026-11-25", parts=2)
