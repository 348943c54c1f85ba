"""The one domain error type of the library."""
from __future__ import annotations


class DataError(Exception):
    """Bad input a user can act on: says which file, which column and which rows.

    Pages turn it into ``st.error``; the CLI into exit status 2 and one line on stderr.
    ``problems`` holds the same findings as rows (file, column, rows, value, reason) for a
    validation report; it is empty when the message says it all.
    """

    def __init__(self, message: str, problems: list[dict] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])
