"""The list of validation codes 错误代码, generated from the rules that report them.

Why generated: a code is registered once (`problems.CODES`, with its severity),
and its summary and fix are the docstring of the one rule function that reports
it (`rules.py`); the page, `wutong validate --list-codes` and the validator can
then never disagree. Each code has an anchor (`error-codes.html#WT301`) to link to.
"""

from __future__ import annotations

from ...core import problems as P
from .page import Page

CODES_PAGE = "reference/error-codes.md"


def page() -> Page:
    """The error-code page, generated from the rules' docstrings so it cannot drift from the code."""
    out = Page(CODES_PAGE, "错误代码", in_nav=True, order=15)
    codes = [(c, "错误" if c.severity == P.ERROR else "警告") for c in sorted(P.CODES.values(), key=lambda c: c.id)]
    out.html("codes.html.j2", codes=codes)
    return out
