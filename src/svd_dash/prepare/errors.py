"""The one error the prepare pipeline raises for bad input: it says where and what to do."""

from __future__ import annotations

from pathlib import Path


class PrepareError(Exception):
    """Bad or inconsistent input, described for the person who supplied it.

    The message names the file, the line or column where known, what is wrong, and what to do.
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        fix: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        where = self.path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {problem}. {fix}")
