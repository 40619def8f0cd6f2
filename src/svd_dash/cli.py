"""The ``svd-dash`` console script: ``prepare`` rebuilds the data, ``verify`` checks it, ``serve`` runs the app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from svd_dash.prepare.command import add_arguments, prepare_from_arguments
from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.verify import verify_outputs


def main(argv: list[str] | None = None) -> int:
    """Run ``svd-dash prepare ...`` or ``svd-dash verify``; return the exit code."""
    parser = argparse.ArgumentParser(prog="svd-dash", description="Serious Violence Duty dashboard tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    add_arguments(commands.add_parser("prepare", help="rebuild data/ and geo/ from data/raw"))
    verify = commands.add_parser("verify", help="check data/ and geo/ against data/manifest.json")
    verify.add_argument("--data-dir", type=Path, default=Path("data"))
    verify.add_argument("--geo-dir", type=Path, default=Path("geo"))
    commands.add_parser("serve", help="run the app (Streamlit options may follow) and warm its caches as it starts")
    arguments, streamlit_options = parser.parse_known_args(argv)
    if arguments.command == "serve":
        from svd_dash.ui.serve import serve  # Streamlit is imported only to serve

        return serve(streamlit_options)
    if streamlit_options:
        parser.error(f"unrecognized arguments: {' '.join(streamlit_options)}")
    if arguments.command == "prepare":
        return prepare_from_arguments(arguments)
    try:
        checked = verify_outputs(arguments.data_dir, arguments.geo_dir)
    except PrepareError as error:
        print(f"svd-dash verify: {error}", file=sys.stderr)
        return 2
    print(f"{checked} prepared outputs match the manifest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
