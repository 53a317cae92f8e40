"""Reading landed partitions: parts, markers, and every kind of bad file failing with a clear message."""

from pathlib import Path

import pytest

from churn.data import read_partitions
from churn.errors import ChurnInputError
from churn.lake import LocalFileSystem, filesystem_for

FS = LocalFileSystem()


def test_reads_all_parts_and_skips_the_marker(partition, batch) -> None:
    df = read_partitions([partition], FS)
    assert len(df) == len(batch)


def test_reads_parquet_and_single_files(tmp_path: Path, batch) -> None:
    batch.to_parquet(tmp_path / "part.parquet", index=False)
    assert len(read_partitions([str(tmp_path / "part.parquet")], FS)) == len(batch)


def test_file_urls_are_local(partition) -> None:
    assert isinstance(filesystem_for(f"file://{partition}"), LocalFileSystem)


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "part-0.csv").write_bytes(b"")
    with pytest.raises(ChurnInputError, match=r"part-0\.csv: file is empty"):
        read_partitions([str(tmp_path)], FS)


def test_corrupt_parquet(tmp_path: Path) -> None:
    (tmp_path / "part-0.parquet").write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(ChurnInputError, match=r"part-0\.parquet: cannot be read as parquet"):
        read_partitions([str(tmp_path)], FS)


def test_csv_with_header_only(tmp_path: Path, batch) -> None:
    batch.head(0).to_csv(tmp_path / "part-0.csv", index=False)
    with pytest.raises(ChurnInputError, match="no rows"):
        read_partitions([str(tmp_path)], FS)


def test_binary_garbage_csv(tmp_path: Path) -> None:
    (tmp_path / "part-0.csv").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ChurnInputError, match=r"part-0\.csv"):
        read_partitions([str(tmp_path)], FS)


def test_partition_with_a_missing_column_is_named(tmp_path: Path, batch) -> None:
    good, bad = tmp_path / "date=2026-11-24", tmp_path / "date=2026-11-25"
    good.mkdir()
    bad.mkdir()
    batch.to_csv(good / "part-0.csv", index=False)
    batch.drop(columns=["support_tickets"]).to_csv(bad / "part-0.csv", index=False)
    with pytest.raises(ChurnInputError, match=r"date=2026-11-25/part-0\.csv: missing column\(s\) support_tickets"):
        read_partitions([str(good), str(bad)], FS)


def test_partition_without_data_files(tmp_path: Path) -> None:
    (tmp_path / "_SUCCESS").write_bytes(b"")
    with pytest.raises(ChurnInputError, match="no .csv or .parquet files"):
        read_partitions([str(tmp_path)], FS)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ChurnInputError, match="file not found"):
        read_partitions([str(tmp_path / "nope.csv")], FS)


def test_no_paths() -> None:
    with pytest.raises(ChurnInputError, match="no input paths"):
        read_partitions([], FS)


def test_unknown_scheme() -> None:
    with pytest.raises(ChurnInputError, match="unsupported path scheme s3://"):
        filesystem_for("s3://bucket/x")
