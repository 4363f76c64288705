"""Finding the record files under `records/` and reading each into a record.

Reading is the first phase of every command: nothing is written while records
are read, and a file that cannot be read becomes problems, never an exception.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.progress import stage
from ..core.rules import READ, rule
from ..read.body_limits import check_body
from ..read.files import decode_text, entry_problem, read_bytes
from ..read.front_matter import parse_markdown
from ..records import KINDS, REFERENCE_FILES, kind_of
from .record_cache import NO_CACHE


def discover(root: Path) -> list[str]:
    """Every entry under records/ to load, as sorted paths relative to `root`; hidden ones skipped.

    That is every file, and every folder that cannot be walked: one that is a
    symlink (not followed, so records cannot come from outside the repository)
    or that cannot be read. Those are listed rather than silently left out, so
    that loading them reports why (`files.read_text`): a folder skipped
    without a word would hide every record in it from the checks.
    """
    return scan(root)[0]


def scan(root: Path) -> tuple[list[str], set[str]]:
    """`discover`'s entries, and those of them the folder listing itself says are regular files.

    The second set costs nothing (the type comes with each name from `os.scandir`) and lets
    the validation cache read an unchanged file without asking its type first
    (`record_cache.Cache.unchanged`); the walk is os.walk's, top-down, links not followed.
    """
    found: list[str] = []
    regular: set[str] = set()

    def walk(folder: str, rel_folder: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            if not isinstance(error, FileNotFoundError):  # no records/ at all, or a folder gone meanwhile
                found.append(rel_folder)
            return
        folders = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()   # a link to a folder counts as a folder here, as in os.walk
            except OSError:
                is_dir = False
            rel = f"{rel_folder}/{name}"
            if is_dir and not entry.is_symlink():
                folders.append((entry.path, rel))
                continue
            found.append(rel)   # a file, or a link to a folder: listed, never followed
            try:
                if entry.is_file(follow_symlinks=False):
                    regular.add(rel)
            except OSError:
                pass
        for path, rel in folders:
            walk(path, rel)

    walk(os.path.join(root, "records"), "records")
    return sorted(found), regular


@rule(P.UNKNOWN_PLACE, scope=READ)
def load_file(root: Path, rel: str, cache=NO_CACHE):
    """One file -> (record or None, problems of reading it: its place, bytes, YAML, schema, body and path).

    What the bytes become depends on nothing but the bytes and `rel`, so `cache`
    (`record_cache.Cache`) may answer for them instead of parsing them again.

    WT006 文件放在 records/ 下的未知位置
    处理：按记录种类放到规定的目录和文件名，见错误信息中的示例
    """
    if rel in REFERENCE_FILES:  # read by org.py, duties.py and workdays.py
        return None, []
    kind = kind_of(rel)
    if kind is None:
        wrong = entry_problem(os.path.join(root, rel), rel)
        if wrong is not None:  # a link, a pipe, an unreadable folder: say that, not where it belongs
            return None, [wrong]
        examples = "；".join(f"{k.label}：{k.example}" for k in KINDS)
        return None, [problem(P.UNKNOWN_PLACE, rel, 1,
                              f"不知道这是什么记录：文件应按种类放在规定位置，例如 {examples}")]
    raw, found = read_bytes(os.path.join(root, rel), rel)
    if raw is None:
        return None, found
    return cache.parsed(rel, raw, parse_bytes, kind)


def parse_bytes(rel: str, raw: bytes, kind) -> tuple[object | None, list[Problem]]:
    """The record a file's bytes hold, as `kind` reads them, and the problems found on the way."""
    text, found = decode_text(raw, rel)
    if text is None:
        return None, found
    if not kind.markdown:  # finance's arrears CSV, the roster's YAML
        record, more = kind.parse_text(text, rel)
        return record, found + more
    doc, more = parse_markdown(text, rel)
    found += more
    if doc is None:
        return None, found
    too_costly = check_body(doc.body, rel, doc.body_line)
    if too_costly:  # not built, so nothing ever renders it
        return None, found + too_costly
    record, more = kind.parse(doc)
    return record, found + more


def load_records(root: Path, rels: list[str], cache=NO_CACHE, reuse=None) -> tuple[list, list[Problem]]:
    """Every file of `rels` read: (the records built, the problems of reading them); rules not yet applied.

    `cache` (`record_cache.Cache`) answers for files whose bytes it has seen; `reuse` (`records_in_memory.Reread`,
    for `wutong serve`) for files unchanged since it last read them. A bar shows how far it has got when
    a person watches thousands of files being read (`progress.py`).
    """
    records, found = [], []
    with stage("读取记录", len(rels)) as bar:
        # the files the cache holds with these very bytes, read and hashed in one pass
        unchanged = cache.unchanged(rels) if reuse is None else {}
        for rel in rels:
            if reuse is not None:
                record, more = reuse.load(root, rel)
            else:
                record, more = unchanged.get(rel) or load_file(root, rel, cache)
            if more:
                found += more
            if record is not None:
                records.append(record)
            bar.advance()
    return records, found
