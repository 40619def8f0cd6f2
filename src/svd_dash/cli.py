"""The ``svd-dash`` console script: ``prepare`` rebuilds the data, ``verify`` checks it, ``serve`` runs the app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from svd_dash.prepare.command import EXIT_FAILED, ROOT_HELP, add_arguments, describe_os_error, prepare_from_arguments
from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.verify import verify_outputs
from svd_dash.prepared import project_root


def main(argv: list[str] | None = None) -> int:
    """Run ``svd-dash prepare ...``, ``svd-dash verify`` or ``svd-dash serve ...``; return the exit code."""
    parser = argparse.ArgumentParser(prog="svd-dash", description="Serious Violence Duty dashboard tools.", epilog=ROOT_HELP)
    commands = parser.add_subparsers(dest="command", required=True)
    add_arguments(commands.add_parser("prepare", help="rebuild data/ and geo/ from data/raw", epilog=ROOT_HELP))
    verify = commands.add_parser("verify", help="check data/ and geo/ against data/manifest.json", epilog=ROOT_HELP)
    verify.add_argument("--data-dir", type=Path, help="the prepared tables (default: data in the project folder)")
    verify.add_argument("--geo-dir", type=Path, help="the prepared boundaries (default: geo in the project folder)")
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
        checked = verify_outputs(arguments.data_dir or project_root() / "data", arguments.geo_dir or project_root() / "geo")
    except PrepareError as error:
        print(f"svd-dash verify: {error}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        print(f"svd-dash verify: {describe_os_error(error)}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{checked} prepared outputs match the manifest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
