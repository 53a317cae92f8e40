"""Where landed data is read from: one function picks the filesystem for a path, three small adapters.

- Local paths (and `file://`, `/Volumes/...`, `/dbfs/...` FUSE paths on Databricks): the local disk.
- `abfss://<filesystem>@<account>.dfs.core.windows.net/...` with a connection string in
  `AZURE_STORAGE_CONNECTION_STRING`: adlfs over the Blob API. The local stack
  sets the variable to its Azurite for every job, so the `local` target's abfss paths resolve to Azurite
  (Azurite has no DFS endpoint; docs/adr/0012-blob-api-locally-dfs-in-azure.md).
- `abfss://` on a Databricks cluster (DATABRICKS_RUNTIME_VERSION is set) without a connection string: the
  cluster's own access (a Unity Catalog external location or the cluster's storage credentials), through
  `dbutils.fs.ls` and Spark's `binaryFile` reader, so no storage secret reaches the job.

Every adapter has fsspec's method names (`isdir`, `ls`, `open`), so churn.data reads through any of them.
"""

from __future__ import annotations

import io
import os
from typing import IO, Any, Protocol

from churn.errors import ChurnInputError

ABFS_SCHEMES = ("abfss", "abfs", "az")


class FileSystem(Protocol):
    """The subset of fsspec's AbstractFileSystem churn.data uses, so an adlfs filesystem fits as is."""

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


class SparkFileSystem:
    """abfss:// through a Databricks cluster's access: `dbutils.fs.ls` lists, Spark's binaryFile reads."""

    def __init__(self, spark: Any, dbutils: Any) -> None:
        self._spark = spark
        self._dbutils = dbutils

    def isdir(self, path: str) -> bool:
        # dbutils.fs.ls of a file lists the file itself; of a folder, its entries.
        entries = self._dbutils.fs.ls(path)
        only = entries[0] if len(entries) == 1 else None
        return not (only is not None and not only.isDir() and only.path.rstrip("/") == path.rstrip("/"))

    def ls(self, path: str, detail: bool = False) -> list[str]:
        return sorted(entry.path for entry in self._dbutils.fs.ls(path))

    def open(self, path: str, mode: str = "rb") -> IO[bytes]:
        if mode != "rb":
            raise ValueError("the lake is read-only for the jobs")
        rows = self._spark.read.format("binaryFile").load(path).select("content").collect()
        if not rows:
            raise FileNotFoundError(path)
        return io.BytesIO(bytes(rows[0][0]))


def _databricks_filesystem() -> SparkFileSystem:
    from pyspark.dbutils import DBUtils  # type: ignore[import-not-found]  # Databricks Runtime only
    from pyspark.sql import SparkSession  # type: ignore[import-not-found]

    spark = SparkSession.builder.getOrCreate()
    return SparkFileSystem(spark, DBUtils(spark))


def _adlfs(scheme: str, connection_string: str) -> FileSystem:
    try:
        import fsspec  # type: ignore[import-not-found]
    except ImportError as err:
        raise ChurnInputError("reading abfss:// paths with a connection string needs fsspec and adlfs") from err
    return fsspec.filesystem(scheme, connection_string=connection_string)


def filesystem_for(path: str) -> FileSystem:
    """The filesystem that reads `path` here: see the module docstring for the rules."""
    if "://" not in path or path.startswith("file://"):
        return LocalFileSystem()
    scheme = path.split("://", 1)[0]
    if scheme not in ABFS_SCHEMES:
        raise ChurnInputError(f"unsupported path scheme {scheme}:// in {path} (use a local path or abfss://)")
    connection_string = os.environ.get("AZURE_STORAGE_CONNECTION_STRING", "")
    if connection_string:
        return _adlfs(scheme, connection_string)
    if os.environ.get("DATABRICKS_RUNTIME_VERSION"):
        return _databricks_filesystem()
    raise ChurnInputError(
        f"cannot read {path}: set AZURE_STORAGE_CONNECTION_STRING (the local stack does for its jobs) "
        "or run on a Databricks cluster with access to the storage account"
    )
