"""Reading landed partitions: parts, markers, validation, and a clear error for every kind of bad file.

A partition is a folder such as `.../date=2026-11-25/` holding `*.csv` or `*.parquet` parts and perhaps a
marker (`_SUCCESS`); a path may also name a single part file. The filesystem is passed in (churn.lake picks
it for a path: local disk, Azurite or ADLS through adlfs, or a Databricks cluster's own access), so this
module never knows where the bytes come from.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable

import pandas as pd

from churn.errors import ChurnInputError
from churn.features import validate_frame
from churn.lake import FileSystem

READABLE_SUFFIXES = (".csv", ".parquet")


def part_files(fs: FileSystem, path: str) -> list[str]:
    """The data files of a partition (markers and hidden files skipped), or the path itself for a file."""
    if not fs.isdir(path):
        return [path]
    entries = [str(e) for e in fs.ls(path, detail=False)]
    names = [e for e in entries if not os.path.basename(e.rstrip("/")).startswith(("_", "."))]
    parts = sorted(e for e in names if e.endswith(READABLE_SUFFIXES))
    if not parts:
        raise ChurnInputError(f"{path}: partition has no .csv or .parquet files")
    return parts


def _read_part(fs: FileSystem, path: str) -> pd.DataFrame:
    """One part file as a frame; empty or unreadable files become a ChurnInputError naming the file."""
    if not path.endswith(READABLE_SUFFIXES):
        raise ChurnInputError(f"{path}: unsupported file type (expected .csv or .parquet)")
    try:
        with fs.open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError as err:
        raise ChurnInputError(f"{path}: file not found") from err
    if not raw:
        raise ChurnInputError(f"{path}: file is empty")
    try:
        if path.endswith(".parquet"):
            return pd.read_parquet(io.BytesIO(raw))
        return pd.read_csv(io.BytesIO(raw))
    except (ValueError, OSError, pd.errors.ParserError, UnicodeDecodeError) as err:
        # pyarrow's ArrowInvalid is a ValueError; pandas raises EmptyDataError (a ValueError) for blank CSVs.
        raise ChurnInputError(f"{path}: cannot be read as {path.rsplit('.', 1)[-1]}: {err}") from err


def read_partitions(paths: Iterable[str], fs: FileSystem, *, require_target: bool = True) -> pd.DataFrame:
    """Reads and validates every part of every partition and returns one frame.

    Each part is validated on its own, so a partition with a missing column is named in the error rather
    than showing up as NaNs after concatenation.
    """
    frames: list[pd.DataFrame] = []
    paths = list(paths)
    if not paths:
        raise ChurnInputError("no input paths given")
    for path in paths:
        for part in part_files(fs, path):
            frames.append(validate_frame(_read_part(fs, part), part, require_target=require_target))
    return pd.concat(frames, ignore_index=True)
