"""churn.lake against a real Azurite: the `local` target's abfss:// paths, read through a connection string.

Azurite comes from the repository's node_modules (`npm install` puts it there); without it, or without
`node`, these tests skip and say why. Each test gets its own container, so they share one Azurite.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from churn import lake
from churn.data import read_partitions
from churn.errors import ChurnInputError
from churn.jobs import run, train_main

REPO = Path(__file__).resolve().parents[3]
AZURITE = REPO / "node_modules" / "azurite" / "dist" / "src" / "azurite.js"
# Azurite's public, documented development account and key.
ACCOUNT = "devstoreaccount1"
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway Azurite on free loopback ports; yields its connection string."""
    node = shutil.which("node")
    if node is None or not AZURITE.exists():
        pytest.skip(f"Azurite is not installed ({AZURITE} or node missing): run `npm install` at the repository root")
    ports = {service: _free_port() for service in ("blob", "queue", "table")}
    args = [node, str(AZURITE), "--inMemoryPersistence", "--disableTelemetry", "--silent", "--skipApiVersionCheck"]
    for service, port in ports.items():
        args += [f"--{service}Host", "127.0.0.1", f"--{service}Port", str(port)]
    log = tmp_path_factory.mktemp("azurite") / "azurite.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", ports["blob"]), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Azurite did not start: {log.read_text()}")
                time.sleep(0.1)
        yield f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={KEY};BlobEndpoint=http://127.0.0.1:{ports['blob']}/{ACCOUNT};"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def landing(azurite: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh container, with the connection string set the way the local stack sets it for jobs."""
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", azurite)
    monkeypatch.delenv("DATABRICKS_RUNTIME_VERSION", raising=False)
    container = f"landing{uuid.uuid4().hex[:12]}"
    root = f"abfss://{container}@{ACCOUNT}.dfs.core.windows.net/churn/customers"
    lake.filesystem_for(root).mkdir(container)
    return root


def _land(root: str, date: str, parts: dict[str, bytes]) -> str:
    """Uploads parts and then the marker, as a producer does; returns the partition's abfss path."""
    folder = f"{root}/date={date}"
    fs = lake.filesystem_for(folder)
    for name, content in [*parts.items(), ("_SUCCESS", b"")]:
        with fs.open(f"{folder}/{name}", "wb") as handle:
            handle.write(content)
    return folder


def _csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode()


def test_reads_an_abfss_partition_from_azurite(landing: str, batch: pd.DataFrame) -> None:
    folder = _land(landing, "2026-11-25", {"part-0.csv": _csv(batch.iloc[:700]), "part-1.csv": _csv(batch.iloc[700:])})
    df = read_partitions([folder], lake.filesystem_for(folder))
    pd.testing.assert_frame_equal(df, batch.reset_index(drop=True), check_dtype=False)


def test_reads_a_single_parquet_file(landing: str, batch: pd.DataFrame, tmp_path: Path) -> None:
    batch.to_parquet(tmp_path / "p.parquet", index=False)
    folder = _land(landing, "2026-11-26", {"part-0.parquet": (tmp_path / "p.parquet").read_bytes()})
    assert len(read_partitions([f"{folder}/part-0.parquet"], lake.filesystem_for(folder))) == len(batch)


def test_bad_files_in_the_lake_are_named(landing: str, batch: pd.DataFrame) -> None:
    empty = _land(landing, "2026-11-27", {"part-0.csv": b""})
    with pytest.raises(ChurnInputError, match=r"date=2026-11-27/part-0\.csv: file is empty"):
        read_partitions([empty], lake.filesystem_for(empty))
    missing = _land(landing, "2026-11-28", {"part-0.csv": _csv(batch.drop(columns=["tenure_months"]))})
    with pytest.raises(ChurnInputError, match=r"date=2026-11-28/part-0\.csv: missing column\(s\) tenure_months"):
        read_partitions([missing], lake.filesystem_for(missing))
    with pytest.raises(ChurnInputError, match="file not found"):
        read_partitions([f"{landing}/date=2026-11-29/nope.csv"], lake.filesystem_for(landing))


def test_train_job_reads_the_lake(landing: str, batch: pd.DataFrame, tmp_path: Path, monkeypatch, capsys) -> None:
    """The train job as the emulator runs it: an abfss:// job parameter and the stack's connection string."""
    folder = _land(landing, "2026-11-30", {"part-0.csv": _csv(batch)})
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{tmp_path / 'mlflow.db'}")
    monkeypatch.chdir(tmp_path)
    assert run(train_main, ["--input-paths", folder, "--experiment-name", "churn"]) == 0
    assert f'"rows": {len(batch)}' in capsys.readouterr().out


def test_abfss_without_any_access_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AZURE_STORAGE_CONNECTION_STRING", raising=False)
    monkeypatch.delenv("DATABRICKS_RUNTIME_VERSION", raising=False)
    with pytest.raises(ChurnInputError, match="set AZURE_STORAGE_CONNECTION_STRING"):
        lake.filesystem_for("abfss://landing@acct.dfs.core.windows.net/x")


def test_local_paths_never_need_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("AZURE_STORAGE_CONNECTION_STRING", raising=False)
    assert isinstance(lake.filesystem_for(str(tmp_path)), lake.LocalFileSystem)
    assert isinstance(lake.filesystem_for(f"file://{tmp_path}"), lake.LocalFileSystem)
