"""Reading landed partitions: one function, one small filesystem interface.

A partition is a folder such as `.../date=2026-11-25/` holding `*.csv` or `*.parquet` parts and perhaps a
marker (`_SUCCESS`); a path may also name a single part file. The filesystem is passed in, so the same code
reads local paths (tests, `datagen`), and `abfss://` paths through an fsspec filesystem (adlfs) that points
at ADLS on Azure or at Azurite locally through a connection string.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from typing import IO, Protocol

import pandas as pd

from churn.errors import ChurnInputError
from churn.features import validate_frame

READABLE_SUFFIXES = (".csv", ".parquet")


class FileSystem(Protocol):
    """The subset of fsspec's AbstractFileSystem this module uses, so an adlfs filesystem fits as is."""

    def isdir(self, path: str) -> bool: ...

    def ls(self, path: str, detail: bool = False) -> list[str]: ...

    def open(self, path: str, mode: str = "rb") -> IO[bytes]: ...


class LocalFileSystem:
    """Local paths (and `file://` URLs), with fsspec's method names."""

    @staticmethod
    def _local(path: str) -> str:
        return path.removeprefix("file://")

    def isdir(self, path: str) -> bool:
        return os.path.isdir(self._local(path))

    def ls(self, path: str, detail: bool = False) -> list[str]:
        root = self._local(path)
        return sorted(os.path.join(root, name) for name in os.listdir(root))

    def open(self, path: str, mode: str = "rb") -> IO[bytes]:
        return open(self._local(path), mode)  # noqa: SIM115 - the caller closes it


def filesystem_for(path: str, storage_options: dict[str, str] | None = None) -> FileSystem:
    """The filesystem for a path's scheme: local, or `abfss://` through fsspec + adlfs.

    adlfs reads credentials from `storage_options` or from the environment (AZURE_STORAGE_CONNECTION_STRING
    for Azurite, a managed identity or service principal on Azure). It is imported only for abfss paths, so
    the local stack and the tests do not need it.
    """
    if "://" not in path or path.startswith("file://"):
        return LocalFileSystem()
    scheme = path.split("://", 1)[0]
    if scheme not in ("abfss", "abfs", "az"):
        raise ChurnInputError(f"unsupported path scheme {scheme}:// in {path} (use a local path or abfss://)")
    try:
        import fsspec  # type: ignore[import-not-found]
    except ImportError as err:
        raise ChurnInputError(f"reading {path} needs the fsspec and adlfs packages, which are not installed") from err
    return fsspec.filesystem(scheme, **(storage_options or {}))


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
