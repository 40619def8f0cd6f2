"""The ``prepare`` command line: options, a summary of what was built, and errors as sentences.

Every expected failure (bad input, a folder that cannot be written, a full disk, a file-size limit,
Ctrl-C) ends with a short message on stderr and a non-zero exit code, never a traceback; the last
line says whether the data and geo folders changed (the swap makes them the old build or the new one).
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from svd_dash.prepare import layout
from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.outputs import JOURNAL, STAGING
from svd_dash.prepare.pipeline import PrepareOptions, run
from svd_dash.prepared import project_root

EXIT_FAILED = 2
EXIT_INTERRUPTED = 130  # the shell's code for a process stopped by Ctrl-C

ROOT_HELP = (
    "Folders default to the project folder: $SVD_DASH_ROOT if set, else the checkout svd-dash runs from (the app reads the same one)."
)

_FOLDER_FIX = "Make it readable and writable for you, or choose other folders with --data-dir / --geo-dir."
OS_ERROR_ADVICE: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full", "Free some space on that disk (a build needs about 2 MB), then run prepare again."),
    errno.EDQUOT: ("your disk quota is used up", "Free some space, then run prepare again."),
    errno.EFBIG: (
        "a file would pass the file-size limit set for this shell",
        "Raise the limit (ulimit -f unlimited), then run prepare again.",
    ),
    errno.EACCES: ("permission denied", _FOLDER_FIX),
    errno.EPERM: ("operation not permitted", _FOLDER_FIX),
    errno.EROFS: ("it is on a read-only filesystem", "Choose folders on a writable disk with --data-dir / --geo-dir."),
    errno.ENOTDIR: ("part of the path is a file, not a folder", "Check the paths given to --raw-dir, --data-dir and --geo-dir."),
    errno.EIO: ("the disk reported an input/output error", "Check the disk, then run prepare again."),
}
"""What an operating-system error means for someone running prepare, and what to do about it."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The prepare options; folders default to the project layout under ``project_root()``."""
    parser.add_argument("--raw-dir", type=Path, help="vendored inputs (default: data/raw in the project folder)")
    parser.add_argument("--data-dir", type=Path, help="where the tables go (default: data in the project folder)")
    parser.add_argument("--geo-dir", type=Path, help="where the boundaries go (default: geo in the project folder)")
    parser.add_argument(
        "--police-archive",
        type=Path,
        help="a police.uk download (folder of YYYY-MM/ folders, or its zip) to add to the bundled counts",
    )
    parser.add_argument(
        "--archive-mode",
        choices=["merge", "replace"],
        default="merge",
        help="merge: the archive's months replace the bundled ones for the same months (default); replace: keep only the archive's months",
    )
    parser.add_argument(
        "--allow-fewer",
        action="store_true",
        help="accept archive months counting far fewer crimes than the bundled ones (below 90%%, or none); refused otherwise",
    )
    parser.add_argument(
        "--official",
        type=Path,
        help="an ONS 'Police force area data tables' workbook (.xlsx), a CSV save of its Table C2, or a folder of them, to add",
    )
    parser.add_argument(
        "--include-other-forces",
        action="store_true",
        help="count archive rows of every force (e.g. British Transport Police), not only those within West Midlands Police",
    )


def options_from_arguments(arguments: argparse.Namespace) -> PrepareOptions:
    """The pipeline's options, with unset folders taken from the project folder (``project_root()``)."""
    root = project_root()
    return PrepareOptions(
        arguments.raw_dir or root / "data" / "raw",
        arguments.data_dir or root / "data",
        arguments.geo_dir or root / "geo",
        arguments.police_archive,
        arguments.archive_mode,
        arguments.allow_fewer,
        arguments.include_other_forces,
        official=arguments.official,
    )


def prepare_from_arguments(arguments: argparse.Namespace) -> int:
    """Run the pipeline and print what it built; return the process exit code."""
    options = options_from_arguments(arguments)
    manifest_before = _manifest_bytes(options.data_dir)
    if (options.data_dir / JOURNAL).exists():
        print(
            "svd-dash prepare: an earlier prepare was cut short while swapping in its outputs; putting them right first.", file=sys.stderr
        )
    started = time.perf_counter()
    try:
        with _stop_signals_interrupt():
            manifest = run(options)
    except PrepareError as error:
        return _failed(f"svd-dash prepare: {error}", options.data_dir, manifest_before, EXIT_FAILED)
    except OSError as error:
        return _failed(f"svd-dash prepare: {describe_os_error(error)}", options.data_dir, manifest_before, EXIT_FAILED)
    except KeyboardInterrupt:
        return _failed("svd-dash prepare: interrupted.", options.data_dir, manifest_before, EXIT_INTERRUPTED)
    for name, output in manifest["outputs"].items():
        print(f"{name:34} {output['rows']:>9,} rows {output['bytes']:>11,} bytes")
    if manifest["police_archive"]:
        for key, value in manifest["police_archive"]["report"].items():
            print(f"archive {key.replace('_', ' ')}: {value:,}")
        for change in manifest["police_archive"]["month_changes"]:
            print(f"archive month {change}")
        for force, rows in manifest["police_archive"]["other_forces_rows"].items():
            print(f"archive rows within {force}: {rows:,} ({manifest['police_archive']['rows_counted']} counted)")
        for name, reason in manifest["police_archive"]["skipped_entries"].items():
            print(f"archive skipped {name}: {reason}")
    for line in (manifest.get("official_import") or {}).get("added", []):
        print(f"official figures added: {line}")
    print(f"prepared in {time.perf_counter() - started:.1f} s")
    return 0


@contextmanager
def _stop_signals_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP stop a build as Ctrl-C does (``KeyboardInterrupt``), so it cleans up and says so."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, signal.default_int_handler) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def describe_os_error(error: OSError) -> str:
    """One sentence for an operating-system error: the folder or file, what went wrong, what to do."""
    problem, fix = OS_ERROR_ADVICE.get(error.errno or 0, (error.strerror or str(error), "Check the path, then run again."))
    return f"{_user_path(error.filename)}: {problem}. {fix}"


def _user_path(filename: object) -> str:
    """The path to show: a file being built in a staging folder is shown as the folder it was built for."""
    if filename is None:
        return "a file prepare reads or writes"
    path = Path(os.fsdecode(filename))  # type: ignore[arg-type]
    for folder in (path, *path.parents):
        if folder.name == STAGING:
            return str(folder.parent)
    return str(path)


def _manifest_bytes(data_dir: Path) -> bytes | None:
    try:
        return (data_dir / layout.MANIFEST).read_bytes()
    except OSError:
        return None


def _failed(message: str, data_dir: Path, manifest_before: bytes | None, code: int) -> int:
    print(message, file=sys.stderr)
    if (data_dir / JOURNAL).exists():
        outcome = "A swap was cut short and could not be undone yet: run svd-dash prepare again to restore the previous build."
    elif _manifest_bytes(data_dir) == manifest_before:
        outcome = "Nothing was changed in the data or geo folders."
    else:
        outcome = "The new build was already complete and in place in the data and geo folders."
    print(outcome, file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m svd_dash.prepare``."""
    parser = argparse.ArgumentParser(
        prog="python -m svd_dash.prepare", description="Rebuild data/ and geo/ from data/raw.", epilog=ROOT_HELP
    )
    add_arguments(parser)
    return prepare_from_arguments(parser.parse_args(argv))
