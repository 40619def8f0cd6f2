"""Writing prepared outputs: deterministic parquet, all-or-nothing replacement, and the manifest.

The swap guarantee: at every instant ``data/`` and ``geo/`` are, or can be restored to, exactly the
previous build or exactly the new one, byte for byte. A build is written to staging folders inside
each target folder (so every rename stays on one filesystem), the live files are hard-linked into a
backup, a journal naming every move is written, and only then are the new files renamed over the
live ones. Ctrl-C, SIGTERM and SIGHUP are held until the swap has finished; any exception during it
rolls back before it propagates; a process killed outright (SIGKILL, power cut) leaves the journal,
and the next ``prepare`` (or ``recover_interrupted_swap``) restores the previous build from it.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import io
import json
import os
import shutil
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from svd_dash.prepare.errors import PrepareError

ATTRIBUTIONS = (
    "Contains public sector information licensed under the Open Government Licence v3.0.",
    "Crime data: data.police.uk, © Crown copyright.",
    "Boundaries: Source: Office for National Statistics licensed under the Open Government Licence v3.0. "
    "Contains OS data © Crown copyright and database right 2025.",
    "Deprivation: English Indices of Deprivation 2019 and 2025, Ministry of Housing, Communities and Local Government.",
    "Population: Census 2021, Office for National Statistics.",
    "Neighbourhood names: House of Commons Library MSOA Names, Open Parliament Licence v3.0.",
    "Harm weights: derived from the Cambridge Crime Harm Index 2026.",
)

STAGING = ".prepare-staging"
"""Folder inside each target folder where a build is written and the previous files are kept."""
JOURNAL = ".prepare-swap.json"
"""In the data folder while a swap is under way: the moves, so an interrupted swap can be undone."""
HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
LINK_UNSUPPORTED = {errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK}
"""``os.link`` failures meaning the filesystem cannot hard-link (FAT, some network shares): copy instead."""


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(payload: bytes) -> str:
    """Hex SHA-256 of some bytes."""
    return hashlib.sha256(payload).hexdigest()


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write a frame as zstd parquet; identical frames give identical bytes."""
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), sink, compression="zstd")
    write_synced(path, sink.getvalue().to_pybytes())


def write_geotable(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write a GeoDataFrame as GeoParquet (WKB geometry, CRS in the metadata)."""
    sink = io.BytesIO()
    frame.to_parquet(sink, index=False, compression="zstd")
    write_synced(path, sink.getvalue())


def write_manifest(path: Path, manifest: dict[str, object]) -> None:
    """Write the manifest as sorted, indented JSON with a trailing newline."""
    write_synced(path, (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))


def write_synced(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` and flush it to disk; an OSError always names ``path``."""
    try:
        with path.open("wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        if error.filename is None and error.errno is not None:
            raise OSError(error.errno, os.strerror(error.errno), str(path)) from error
        raise


@dataclass(frozen=True)
class Stage:
    """Folders where a build writes before its outputs replace the live ones."""

    data: Path
    geo: Path


@contextmanager
def staged_outputs(data_dir: Path, geo_dir: Path, names: dict[str, tuple[str, ...]]) -> Iterator[Stage]:
    """Yield empty staging folders; if the block succeeds, swap the staged files into place.

    ``names`` maps "data" and "geo" to the file names the build owns. Only one build at a time may
    write to a folder (a second one gets a ``PrepareError``). A swap left half done by a killed
    process is undone first. If the block raises, the staging folders are removed and the live
    folders are untouched; the swap itself is all-or-nothing (see the module docstring).
    """
    targets = {"data": data_dir, "geo": geo_dir}
    for folder in targets.values():
        _make_folder(folder)
    with _exclusive(*targets.values()):
        recover_interrupted_swap(data_dir, geo_dir)
        stage = Stage(_new_dir(data_dir, "data"), _new_dir(geo_dir, "geo"))
        for folder, live in ((stage.data, data_dir), (stage.geo, geo_dir)):
            try:
                folder.mkdir(parents=True)
            except OSError as error:
                raise _unwritable(live, error) from error
        try:
            yield stage
            _swap_in(targets, names)
        finally:
            if not (data_dir / JOURNAL).exists():
                _remove_staging(targets.values())


def recover_interrupted_swap(data_dir: Path, geo_dir: Path) -> str | None:
    """Finish what an interrupted swap left: restore the previous build if the new one was not fully
    in place, else keep the new one; then remove the backups and the journal.

    Also removes what a build killed before its swap left in the staging folders. Returns "restored the
    previous build", "kept the new build", or None when no swap was under way. Safe to run again if it
    is itself interrupted.
    """
    journal = data_dir / JOURNAL
    if not journal.exists():
        _remove_staging((data_dir, geo_dir))
        return None
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
        moves = [
            {key: data_dir / move[key] for key in ("new", "live", "backup")} | {"existed": move["existed"]} for move in record["moves"]
        ]
        state = {"placing": "restored the previous build", "placed": "kept the new build"}[record["state"]]
    except (ValueError, KeyError, TypeError) as error:
        raise PrepareError(
            journal,
            f"the record of an interrupted build is unreadable ({error})",
            "Restore data/ and geo/ from the repository (git checkout -- data geo), delete this file, then run prepare again.",
        ) from error
    if record["state"] == "placing":
        for move in moves:
            if move["backup"].exists():
                os.replace(move["backup"], move["live"])
            elif not move["existed"]:
                move["live"].unlink(missing_ok=True)
        _fsync_dirs({move["live"].parent for move in moves})
    journal.unlink()
    _remove_staging({data_dir, geo_dir} | {move["live"].parent for move in moves})
    return state


def _swap_in(targets: dict[str, Path], names: dict[str, tuple[str, ...]]) -> None:
    moves = [
        {"new": _new_dir(folder, kind) / name, "live": folder / name, "backup": _backup_dir(folder, kind) / name}
        for kind, folder in targets.items()
        for name in names[kind]
    ]
    missing = [str(move["new"]) for move in moves if not move["new"].is_file()]
    if missing:
        raise RuntimeError(f"build did not write {missing}")
    data_dir = targets["data"]
    record = {
        "state": "placing",
        "moves": [
            {key: os.path.relpath(move[key], data_dir) for key in ("new", "live", "backup")} | {"existed": move["live"].is_file()}
            for move in moves
        ],
    }
    with _signals_held():
        try:
            _write_journal(data_dir, record)
            for kind, folder in targets.items():
                _backup_dir(folder, kind).mkdir(exist_ok=True)
            for move in moves:
                if move["live"].is_file():
                    _keep(move["live"], move["backup"])
            _fsync_dirs({move["backup"].parent for move in moves})
            for move in moves:
                os.replace(move["new"], move["live"])
            _fsync_dirs(set(targets.values()))
            _write_journal(data_dir, record | {"state": "placed"})
        except BaseException:
            recover_interrupted_swap(data_dir, targets["geo"])
            raise
        recover_interrupted_swap(data_dir, targets["geo"])


def _write_journal(data_dir: Path, record: dict[str, object]) -> None:
    """Replace the journal atomically: a reader sees the previous record or this one, never a part."""
    pending = _staging(data_dir) / "journal.tmp"
    write_synced(pending, json.dumps(record, indent=1).encode("utf-8"))
    os.replace(pending, data_dir / JOURNAL)
    _fsync_dirs({data_dir})


def _keep(live: Path, backup: Path) -> None:
    """Hard-link the live file into the backup (the live file stays in place); copy where links are unsupported."""
    try:
        os.link(live, backup)
    except OSError as error:
        if error.errno not in LINK_UNSUPPORTED:
            raise
        part = backup.with_name(backup.name + ".part")
        write_synced(part, live.read_bytes())
        os.replace(part, backup)


def _staging(folder: Path) -> Path:
    return folder / STAGING


def _new_dir(folder: Path, kind: str) -> Path:
    return _staging(folder) / kind / "new"


def _backup_dir(folder: Path, kind: str) -> Path:
    return _staging(folder) / kind / "backup"


def _remove_staging(folders: Iterable[Path]) -> None:
    for folder in set(folders):
        shutil.rmtree(_staging(folder), ignore_errors=True)


def _fsync_dirs(folders: set[Path]) -> None:
    """Make renames in these folders durable (a power cut cannot undo them)."""
    for folder in folders:
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _make_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise PrepareError(
            folder, "this is a file, not a folder", "Point --data-dir and --geo-dir at folders (they are created if missing)."
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _unwritable(folder, error) from error


def _unwritable(folder: Path, error: OSError) -> PrepareError:
    choose = "choose another with --data-dir / --geo-dir"
    reason, fix = {
        errno.EROFS: ("it is on a read-only filesystem", f"Use a folder on a writable disk: {choose}."),
        errno.ENOTDIR: ("part of the path is a file, not a folder", f"Check the path, or {choose}."),
    }.get(error.errno or 0, (f"cannot create files in it ({error.strerror})", f"Make the folder writable for you, or {choose}."))
    return PrepareError(folder, reason, fix)


@contextmanager
def _exclusive(*folders: Path) -> Iterator[None]:
    """Hold an exclusive lock on each folder for the block: one build at a time writes to it."""
    handles: list[int] = []
    try:
        for folder in dict.fromkeys(f.resolve() for f in folders):
            handle = os.open(folder, os.O_RDONLY)
            handles.append(handle)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as error:
                raise PrepareError(
                    folder, "another svd-dash prepare is writing to this folder", "Wait for it to finish, then run again."
                ) from error
        yield
    finally:
        for handle in handles:
            os.close(handle)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block ends, then deliver them, so a swap is never cut in half.

    Python handles signals only in the main thread; elsewhere the block runs unprotected (the journal still
    lets the next run recover).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous = {held: signal.signal(held, lambda number, _frame: pending.append(number)) for held in HELD_SIGNALS}
    try:
        yield
    finally:
        for held, handler in previous.items():
            signal.signal(held, signal.SIG_DFL if handler is None else handler)
        for number in dict.fromkeys(pending):
            signal.raise_signal(number)
