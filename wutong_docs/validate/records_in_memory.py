"""Reading the records again in a long-running process (`wutong serve`): only the files changed since last time.

Why: the preview rebuilds on every save, and at 50,000 records reading every
file again takes most of ten seconds, for one changed file. What a file reads
as depends only on its bytes and its path (`loader.load_file`), so a file whose
size, times, inode and mode are all as they were last time is given the same
record and problems without opening it. Checks that cross files (references,
duplicate ids, duty-book links) are not kept: `validate` runs them again over
the whole set every time, exactly as for a cold read.
"""

from __future__ import annotations

import os
from pathlib import Path

from .loader import load_file


class Reread:
    """`load(root, rel)` like `loader.load_file`, answered from memory for a file that has not changed."""

    def __init__(self):
        self._seen: dict[str, tuple[tuple, tuple]] = {}
        self.read = 0      # files actually read by the last pass (for tests and the benchmark)

    def load(self, root: Path, rel: str):
        """The record and problems of one file, read again only when its signature changed."""
        try:
            st = os.stat(os.path.join(root, rel), follow_symlinks=False)
            signature = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino, st.st_mode)
        except OSError:
            signature = None
        seen = self._seen.get(rel)
        if signature is not None and seen is not None and seen[0] == signature:
            return seen[1]
        self.read += 1
        result = load_file(root, rel)
        if signature is None:
            self._seen.pop(rel, None)
        else:
            self._seen[rel] = (signature, result)
        return result

    def keep_only(self, rels) -> None:
        """Forget files no longer there (a deleted record's memory is released)."""
        wanted = set(rels)
        for rel in [r for r in self._seen if r not in wanted]:
            del self._seen[rel]
