"""Progress on long work (`build`, `check`, `validate` over thousands of files), shown only to a person.

A supervisor who runs `wutong build` on five years of records should see which
stage it is in and how far it has got, not a silent terminal for a minute. CI
logs and the commit hook must stay quiet, so the bar is drawn only when stderr
is a terminal and the work is large enough to be worth it (`THRESHOLD` items).
The bar itself is click's (`click.progressbar`, already a dependency), on
stderr, so stdout stays clean for `--format json` and for pipes.

Use:
    with stage("校验记录", total=len(paths)) as bar:
        for path in paths:
            ...
            bar.advance()
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

import click

THRESHOLD = 2000   # fewer items than this finish in about a second: no bar
STEPS = 200        # redrawn at most this many times: drawn for each of 50,000 files, it wrote 4 MB to the terminal
QUIET_ENV = "WUTONG_NO_PROGRESS"   # set to anything to hide the bar even on a terminal


class _Silent:
    """The bar when nobody is watching: advancing it costs one method call."""

    def advance(self, n: int = 1) -> None:
        """Nothing to draw."""


class _Bar:
    """click's progress bar on stderr, advanced by the caller."""

    def __init__(self, bar) -> None:
        self._bar = bar

    def advance(self, n: int = 1) -> None:
        """Move the bar on by `n` items."""
        self._bar.update(n)


def shown(total: int | None) -> bool:
    """Whether a bar would be drawn for `total` items: stderr is a terminal, the work is large, not switched off."""
    if os.environ.get(QUIET_ENV) or total is None or total < THRESHOLD:
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):   # stderr replaced or closed (tests, daemons)
        return False


@contextmanager
def stage(label: str, total: int | None):
    """A named stage of `total` items; yields an object with `advance(n=1)`; draws only when `shown(total)`."""
    if not shown(total):
        yield _Silent()
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True,
                           show_percent=True, width=30, update_min_steps=max(1, total // STEPS)) as bar:
        yield _Bar(bar)
