"""One writer at a time per record: the lock held from reading a record to replacing it.

Why: `wutong desk parcel in` read the day's register, added its row and wrote the
whole file back. Twenty entries at once each wrote back the file as they had read
it: 3 rows were kept and all 20 commands said they had succeeded. Every command
that reads a record and writes it again (quick entry, `wutong renovation event`,
and `wutong new desk`, which creates the file quick entry also creates) now does so
inside `record_lock`, so the next one reads what the last one wrote.

Where: `.wutong-cache/locks/<the record's path>.lock`, one small file per record
ever changed (filelock's `flock`). The file stays after release, as filelock
intends: removing it while another command waits would let two writers lock two
different files. The cache folder is ignored by Git (its own `.gitignore`, as the
validation cache writes it) and lies outside records/, so `wutong validate` never
sees a lock; deleting `.wutong-cache/` is safe whenever no command is running.

How long: a writer waits up to `WAIT_SECONDS` (or `WUTONG_LOCK_WAIT` seconds, for
tests and for a slow shared disk), then gives up, writes nothing and says so.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from ..core.output import OutputError, failure, keep_out_of_git

WAIT_SECONDS = 10.0
WAIT_ENV = "WUTONG_LOCK_WAIT"
LOCKS = ".wutong-cache/locks"


class LockBusy(OutputError):
    """Another command held the record's lock for longer than we wait: nothing was written."""


def wait_seconds() -> float:
    """How long a writer waits for a record's lock: `WUTONG_LOCK_WAIT` when it is a number >= 0, else 10 s."""
    try:
        wait = float(os.environ.get(WAIT_ENV, ""))
    except ValueError:
        return WAIT_SECONDS
    return wait if wait >= 0 else WAIT_SECONDS


def lock_path(root: Path, rel: str) -> Path:
    """The lock file of the record `rel` (a path under records/, as the commands name it)."""
    return root / LOCKS / f"{rel}.lock"


def busy_message(rel: str, wait: float) -> str:
    """What a writer that gave up says: the file, that nothing was written, and what to do."""
    return (f"{rel} 正在被另一条命令写入，等了 {wait:g} 秒仍没有轮到，这次没有写入："
            "请稍等片刻，再运行一次同样的命令")


@contextmanager
def record_lock(root: Path, rel: str, wait: float | None = None) -> Iterator[None]:
    """Hold the lock of record `rel` for the block; LockBusy after `wait` seconds (default `wait_seconds()`)."""
    wait = wait_seconds() if wait is None else wait
    path = lock_path(root, rel)
    try:
        _prepare(root, path)
        lock = FileLock(str(path), timeout=wait)
        lock.acquire()
    except Timeout:
        raise LockBusy(busy_message(rel, wait)) from None
    except OSError as exc:
        raise failure(f"为 {rel} 加锁", exc, "这次没有写入", root=root.resolve()) from None
    try:
        yield
    finally:
        lock.release()


def _prepare(root: Path, path: Path) -> None:
    """The lock's folder, and the cache's .gitignore that keeps every lock out of Git."""
    path.parent.mkdir(parents=True, exist_ok=True)
    keep_out_of_git(root, root / ".wutong-cache")
