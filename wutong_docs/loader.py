"""Finding the record files under `records/` and reading each into a record.

Reading is the first phase of every command: nothing is written while records
are read, and a file that cannot be read becomes problems, never an exception.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import problems as P
from .problems import Problem, problem
from .records import KINDS, REFERENCE_FILES, kind_of
from .source import parse_markdown, read_text


def discover(root: Path) -> list[str]:
    """Every file under records/, as sorted paths relative to `root`; hidden files skipped."""
    found = []
    base = root / "records"
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_folder = Path(folder).relative_to(root).as_posix()
        found.extend(f"{rel_folder}/{name}" for name in files if not name.startswith("."))
    return sorted(found)


def load_file(root: Path, rel: str):
    """One file -> (record or None, problems)."""
    kind = kind_of(rel)
    if kind is None:
        if rel in REFERENCE_FILES:
            return None, []
        examples = "；".join(f"{k.label}：{k.module.EXAMPLE}" for k in KINDS)
        return None, [problem(P.UNKNOWN_PLACE, rel, 1,
                              f"不知道这是什么记录：文件应按种类放在规定位置，例如 {examples}")]
    text, found = read_text(os.path.join(root, rel), rel)
    if text is None:
        return None, found
    if hasattr(kind.module, "parse_text"):  # not Markdown: finance's arrears CSV
        record, more = kind.module.parse_text(text, rel)
        return record, found + more
    doc, more = parse_markdown(text, rel)
    found += more
    if doc is None:
        return None, found
    record, more = kind.module.parse(doc)
    return record, found + more


def load_records(root: Path, rels: list[str]) -> tuple[list, list[Problem]]:
    records, found = [], []
    for rel in rels:
        record, more = load_file(root, rel)
        found += more
        if record is not None:
            records.append(record)
    return records, found
