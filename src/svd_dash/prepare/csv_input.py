"""Reading CSV input safely: text checks that name the file and line, then a typed parse.

Every CSV the pipeline reads, vendored or supplied by a user, goes through ``read_csv_bytes``
(gzip-aware) and ``check_text`` before it is parsed, so a bad file fails with a sentence, not a
parser traceback.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from svd_dash.prepare.errors import PrepareError


def read_csv_bytes(path: Path) -> bytes:
    """Return a CSV file's bytes, decompressing ``.gz`` files; a missing or corrupt file is an error."""
    if not path.is_file():
        raise PrepareError(path, "the file is missing", "Restore it from the repository (git checkout -- data/raw).")
    payload = path.read_bytes()
    if path.suffix == ".gz":
        try:
            payload = gzip.decompress(payload)
        except (OSError, EOFError) as error:
            raise PrepareError(path, f"the gzip file is corrupt ({error})", "Restore it from the repository.") from error
    return payload


def check_text(path: Path | str, payload: bytes) -> str:
    """Check that ``payload`` is a non-empty UTF-8 CSV with at least one data row; return the text.

    A UTF-8 byte-order mark is dropped. The error for bad bytes gives the line they are on.
    """
    if not payload.strip():
        raise PrepareError(path, "the file is empty", "Download it again; a police.uk month file has a header and rows.")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as error:
        line = payload[: error.start].count(b"\n") + 1
        raise PrepareError(
            path,
            f"byte 0x{payload[error.start]:02x} is not valid UTF-8",
            "Save the file as UTF-8 (police.uk files are UTF-8; a spreadsheet program may have re-saved it).",
            line=line,
        ) from error
    text = text.removeprefix("\ufeff")
    if len(text.strip().splitlines()) < 2:
        raise PrepareError(path, "the file has a header but no rows", "Download it again.")
    return text


def check_columns(path: Path | str, found: Sequence[str], required: Sequence[str]) -> None:
    """Raise a ``PrepareError`` naming every required column that ``found`` lacks."""
    missing = [name for name in required if name not in found]
    if missing:
        raise PrepareError(
            path,
            f"missing column(s) {', '.join(repr(m) for m in missing)}; the header has {', '.join(repr(f) for f in found)}",
            "Use the file as published, with its header row unchanged.",
            line=1,
        )


def read_checked_csv(path: Path, required: Sequence[str], dtype: dict[str, str] | None = None) -> pd.DataFrame:
    """Read a (possibly gzipped) CSV after the text and column checks; keep only ``required`` columns."""
    text = check_text(path, read_csv_bytes(path))
    header = pd.read_csv(io.StringIO(text), nrows=0).columns.tolist()
    check_columns(path, header, required)
    try:
        frame = pd.read_csv(io.StringIO(text), usecols=list(required), dtype=dtype)
    except ValueError as error:
        raise PrepareError(path, f"a value could not be read ({error})", "Restore the file as published.") from error
    return frame
