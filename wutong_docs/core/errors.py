"""The one family of errors a command can end with, caught once at the command line.

Bad records are problems (values, `problems.py`), not exceptions: the loader and
the rules collect them. A command that needs valid records and meets invalid
ones raises `ProblemsError` carrying those problems; a request that cannot be
carried out for another reason (a missing option, an output that may not be
written, git not installed) raises a `WutongError` whose message, in Chinese,
says what to do. `cli/main.py` turns both into the same one-line error and exit 1.
"""

from __future__ import annotations


class WutongError(Exception):
    """A request that cannot be carried out; the message says why and what to do."""


class ProblemsError(WutongError):
    """The records a command needs are invalid: the problems to print, then a one-line summary."""

    def __init__(self, problems: list, message: str):
        super().__init__(message)
        self.problems = problems
