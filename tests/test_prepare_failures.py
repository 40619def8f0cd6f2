"""Bad input and a hostile environment give exit code 2 and a sentence, never a traceback, and leave
data/ and geo/ as they were (issue 16 item 3, pipeline side)."""

from __future__ import annotations

import errno
import fcntl
import gzip
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import svd_dash.prepare.pipeline as pipeline
from svd_dash.cli import main
from tests.conftest import RAW, ROOT, folder_checksums
from tests.test_prepare_swap import Steps, interrupt, swap

COUNTS = Path("police_uk/crime_counts")


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/raw to damage."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


def rewrite_count_file(raw: Path, name: str, edit: str, replacement: str) -> None:
    """Change the first occurrence of ``edit`` in a monthly count file (a data row, never the header)."""
    path = raw / COUNTS / name
    header, _, body = gzip.decompress(path.read_bytes()).decode().partition("\n")
    assert edit in body
    path.write_bytes(gzip.compress((header + "\n" + body.replace(edit, replacement, 1)).encode(), mtime=0))


def prepare(capsys: pytest.CaptureFixture[str], *arguments: object) -> tuple[int, str]:
    """Run ``svd-dash prepare`` in-process; return its exit code and what it printed to stderr."""
    code = main(["prepare", *map(str, arguments)])
    return code, capsys.readouterr().err


def assert_clean_failure(code: int, message: str, *words: str) -> None:
    assert code == 2, message
    assert "Traceback" not in message
    assert 1 <= len(message.strip().splitlines()) <= 3, message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_a_month_named_in_words_is_named_in_the_message(
    raw_copy: Path, live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rewrite_count_file(raw_copy, "2024-07.csv.gz", ",2024,7,", ",2024,June,")
    data, geo = live_copy
    before = folder_checksums(data, geo)
    code, message = prepare(capsys, "--raw-dir", raw_copy, "--data-dir", data, "--geo-dir", geo)
    assert_clean_failure(code, message, "2024-07.csv.gz, line 2, column 'month'", "'June' is not a month number (1-12)")
    assert folder_checksums(data, geo) == before


@pytest.mark.parametrize("count", ["3.5", "three", "", "-2"])
def test_a_count_that_is_not_a_whole_number_is_refused(
    count: str, raw_copy: Path, live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rewrite_count_file(
        raw_copy, "2024-07.csv.gz", "Birmingham,Anti-social behaviour,2024,7,3\n", f"Birmingham,Anti-social behaviour,2024,7,{count}\n"
    )
    data, geo = live_copy
    before = folder_checksums(data, geo)
    code, message = prepare(capsys, "--raw-dir", raw_copy, "--data-dir", data, "--geo-dir", geo)
    assert_clean_failure(code, message, "2024-07.csv.gz, line 2, column 'crime_count'", f"'{count}' is not a whole number")
    assert folder_checksums(data, geo) == before


@pytest.mark.parametrize(
    "name,words",
    [
        ("2031-07.csv.gz", "month 2031-07 is in the future"),
        ("2009-01.csv.gz", "month 2009-01 is before December 2010"),
        ("2024-13.csv.gz", "2024-13 is not a month"),
    ],
)
def test_a_count_file_for_an_impossible_month_is_refused(
    name: str, words: str, raw_copy: Path, live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    year, month = name[:4], str(int(name[5:7]))
    text = gzip.decompress((raw_copy / COUNTS / "2024-07.csv.gz").read_bytes()).decode().replace(",2024,7,", f",{year},{month},")
    (raw_copy / COUNTS / name).write_bytes(gzip.compress(text.encode(), mtime=0))
    data, geo = live_copy
    before = folder_checksums(data, geo)
    code, message = prepare(capsys, "--raw-dir", raw_copy, "--data-dir", data, "--geo-dir", geo)
    assert_clean_failure(code, message, name, words)
    assert folder_checksums(data, geo) == before


def test_data_dir_pointing_at_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_folder = tmp_path / "data.txt"
    not_a_folder.write_text("keep me")
    code, message = prepare(capsys, "--raw-dir", RAW, "--data-dir", not_a_folder, "--geo-dir", tmp_path / "geo")
    assert_clean_failure(code, message, "data.txt: this is a file, not a folder", "--data-dir")
    assert not_a_folder.read_text() == "keep me"


def test_a_second_prepare_on_the_same_folder_waits_its_turn(live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    data, geo = live_copy
    before = folder_checksums(data, geo)
    holder = os.open(data, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)  # what a running prepare holds
        code, message = prepare(capsys, "--raw-dir", RAW, "--data-dir", data, "--geo-dir", geo)
    finally:
        os.close(holder)
    assert_clean_failure(code, message, "another svd-dash prepare is writing to this folder", "Wait for it to finish")
    assert folder_checksums(data, geo) == before


def test_a_read_only_data_folder(live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data, geo = live_copy
    before = folder_checksums(data, geo)
    real_mkdir = os.mkdir

    def read_only_mkdir(path: str | Path, *args: object, **kwargs: object) -> None:
        if Path(path).is_relative_to(data):  # what the kernel says for a read-only folder (root ignores chmod)
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", read_only_mkdir)
    code, message = prepare(capsys, "--raw-dir", RAW, "--data-dir", data, "--geo-dir", geo)
    assert_clean_failure(code, message, f"{data}: cannot create files in it (Permission denied)", "Make the folder writable")
    assert folder_checksums(data, geo) == before


def test_a_full_disk(live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data, geo = live_copy
    before = folder_checksums(data, geo)

    def disk_full(_frame: object, path: Path) -> None:
        path.write_bytes(b"PAR1 half a file")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(pipeline, "write_geotable", disk_full)
    code, message = prepare(capsys, "--raw-dir", RAW, "--data-dir", data, "--geo-dir", geo)
    assert_clean_failure(code, message, f"{geo}: the disk is full", "Free some space", "Nothing was changed")
    assert folder_checksums(data, geo) == before


def test_a_file_size_limit(live_copy: tuple[Path, Path]) -> None:
    """``ulimit -f``: with SIGXFSZ ignored the write fails with EFBIG, which must become a sentence."""
    data, geo = live_copy
    before = folder_checksums(data, geo)

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    result = subprocess.run(
        [sys.executable, "-m", "svd_dash.cli", "prepare", "--raw-dir", RAW, "--data-dir", data, "--geo-dir", geo],
        capture_output=True,
        text=True,
        preexec_fn=limit_file_size,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=300,
        check=False,
    )
    assert_clean_failure(result.returncode, result.stderr, "file-size limit", "ulimit -f", "Nothing was changed")
    assert folder_checksums(data, geo) == before


def test_sigterm_during_prepare(live_copy: tuple[Path, Path]) -> None:
    """``kill`` (SIGTERM) mid-build stops prepare like Ctrl-C: a sentence, exit 130, and one whole build in place."""
    data, geo = live_copy
    before = folder_checksums(data, geo)
    process = subprocess.Popen(
        [sys.executable, "-m", "svd_dash.cli", "prepare", "--raw-dir", RAW, "--data-dir", data, "--geo-dir", geo],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    while not (data / ".prepare-staging").exists() and process.poll() is None:  # the build has started
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    _, message = process.communicate(timeout=300)
    assert process.returncode == 130 and "svd-dash prepare: interrupted." in message and "Traceback" not in message, message
    after = folder_checksums(data, geo)
    if "Nothing was changed" in message:
        assert after == before
    else:  # the signal came during the swap, which finished first
        assert "new build was already complete" in message and after.keys() == before.keys()


@pytest.fixture
def other_filesystem(tmp_path: Path) -> Iterator[Path]:
    """A folder on another filesystem than tmp_path (tmpfs /dev/shm), or skip where there is none."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev or not os.access(shm, os.W_OK):
        pytest.skip("no second filesystem here; test_geo_dir_across_devices_simulated covers the case")
    folder = Path(tempfile.mkdtemp(dir=shm))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_geo_dir_on_another_filesystem(tmp_path: Path, other_filesystem: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, geo = tmp_path / "data", other_filesystem / "geo"
    code, message = prepare(capsys, "--raw-dir", RAW, "--data-dir", data, "--geo-dir", geo)
    assert code == 0, message
    assert main(["verify", "--data-dir", str(data), "--geo-dir", str(geo)]) == 0
    assert (geo / "lsoa21.parquet").read_bytes() == (ROOT / "geo" / "lsoa21.parquet").read_bytes()


def test_geo_dir_across_devices_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Each top folder under tmp_path counts as its own filesystem: a rename between them fails with EXDEV."""

    def device(path: object) -> str:
        return Path(os.fspath(path)).resolve().relative_to(tmp_path).parts[0]

    for name in ("replace", "rename", "link"):
        real = getattr(os, name)

        def same_device_only(source: object, target: object, *args: object, _real=real, **kwargs: object) -> None:
            if device(source) != device(target):
                raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), os.fspath(source), None, os.fspath(target))
            _real(source, target, *args, **kwargs)

        monkeypatch.setattr(os, name, same_device_only)
    data, geo = tmp_path / "disk1" / "data", tmp_path / "disk2" / "geo"
    code, message = prepare(capsys, "--raw-dir", RAW, "--data-dir", data, "--geo-dir", geo)
    assert code == 0, message
    assert (geo / "la.parquet").read_bytes() == (ROOT / "geo" / "la.parquet").read_bytes()


def test_ctrl_c_during_prepare(live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data, geo = live_copy
    before = folder_checksums(data, geo)

    def interrupted(_frame: object, _path: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "write_geotable", interrupted)
    try:
        code, message = prepare(capsys, "--raw-dir", RAW, "--data-dir", data, "--geo-dir", geo)
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C escaped as a traceback")
    assert code == 130 and "interrupted" in message and "Nothing was changed" in message and "Traceback" not in message
    assert folder_checksums(data, geo) == before


@pytest.mark.parametrize(
    "manifest,words",
    [
        ("{}", "the manifest has no 'outputs'"),
        ("[]", "the manifest is not a JSON object"),
        ('{"outputs": []}', "'outputs' is not an object"),
        ('{"outputs": {"lsoa.parquet": {"rows": 1, "sha256": "00"}}}', "unexpected output 'lsoa.parquet'"),
        ('{"outputs": {"data/../../etc/passwd": {"rows": 1, "sha256": "00"}}}', "unexpected output 'data/../../etc/passwd'"),
    ],
)
def test_verify_explains_a_malformed_manifest(
    manifest: str, words: str, live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, geo = live_copy
    (data / "manifest.json").write_text(manifest)
    code = main(["verify", "--data-dir", str(data), "--geo-dir", str(geo)])
    message = capsys.readouterr().err
    assert_clean_failure(code, message, "manifest.json", words, "svd-dash prepare")


def test_verify_explains_a_manifest_entry_without_its_checksum(live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    data, geo = live_copy
    manifest = json.loads((data / "manifest.json").read_text())
    del manifest["outputs"]["geo/la.parquet"]["sha256"]
    (data / "manifest.json").write_text(json.dumps(manifest))
    code = main(["verify", "--data-dir", str(data), "--geo-dir", str(geo)])
    message = capsys.readouterr().err
    assert_clean_failure(code, message, "manifest.json", "'geo/la.parquet' has no valid 'sha256'")


def test_a_swap_cut_short_is_reported_by_verify_and_undone_by_the_next_prepare(
    raw_copy: Path, live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a next prepare that fails on bad input first puts the previous build back."""
    data, geo = live_copy
    before = folder_checksums(data, geo)
    with monkeypatch.context() as patch:
        Steps(patch, 8, interrupt, once=False)  # the swap and its roll-back both fail from step 8 on
        with pytest.raises(KeyboardInterrupt):
            swap(data, geo, data, geo)
    assert folder_checksums(data, geo) != before
    assert main(["verify", "--data-dir", str(data), "--geo-dir", str(geo)]) == 2
    assert "a prepare was interrupted while putting its outputs in place" in capsys.readouterr().err
    rewrite_count_file(raw_copy, "2024-07.csv.gz", ",2024,7,", ",2024,June,")
    code, message = prepare(capsys, "--raw-dir", raw_copy, "--data-dir", data, "--geo-dir", geo)
    assert code == 2 and "cut short while swapping" in message and "'June' is not a month number" in message
    assert folder_checksums(data, geo) == before
