"""The ``prepare`` command line: options, a summary of what was built, and errors as sentences."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.pipeline import PrepareOptions, run


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The prepare options; folders default to the project layout under the current directory."""
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"), help="vendored inputs (default data/raw)")
    parser.add_argument("--data-dir", type=Path, default=Path("data"), help="where the tables go (default data)")
    parser.add_argument("--geo-dir", type=Path, default=Path("geo"), help="where the boundaries go (default geo)")
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
        "--official",
        type=Path,
        help="an ONS 'Police force area data tables' workbook (.xlsx), a CSV save of its Table C2, or a folder of them, to add",
    )


def prepare_from_arguments(arguments: argparse.Namespace) -> int:
    """Run the pipeline and print what it built; return the process exit code."""
    options = PrepareOptions(
        arguments.raw_dir, arguments.data_dir, arguments.geo_dir, arguments.police_archive, arguments.archive_mode, arguments.official
    )
    started = time.perf_counter()
    try:
        manifest = run(options)
    except PrepareError as error:
        print(f"svd-dash prepare: {error}", file=sys.stderr)
        print("Nothing was changed in the data or geo folders.", file=sys.stderr)
        return 2
    for name, output in manifest["outputs"].items():
        print(f"{name:34} {output['rows']:>9,} rows {output['bytes']:>11,} bytes")
    if manifest["police_archive"]:
        for key, value in manifest["police_archive"]["report"].items():
            print(f"archive {key.replace('_', ' ')}: {value:,}")
    for line in (manifest.get("official_import") or {}).get("added", []):
        print(f"official figures added: {line}")
    print(f"prepared in {time.perf_counter() - started:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m svd_dash.prepare``."""
    parser = argparse.ArgumentParser(prog="python -m svd_dash.prepare", description="Rebuild data/ and geo/ from data/raw.")
    add_arguments(parser)
    return prepare_from_arguments(parser.parse_args(argv))
