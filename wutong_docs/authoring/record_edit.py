"""Changing one record in place: read as validate reads it, edited by round trip, validated, written whole.

Why apart from the commands (`desk_entry.py`): these are the steps that keep a quick
entry from losing or misreporting anything, whatever row it adds.
- `load` reads the file first as `wutong validate` does (`loader.parse_bytes`), so a file
  that cannot be read (a YAML error, nesting 5,000 deep) is refused with validate's own
  problems, never a traceback; only then does ruamel.yaml read it for editing.
- The round trip keeps comments, key order, quotes and flow style of every line not touched.
- `save` validates the new text before it replaces the file (`validate.validate_text`) and
  writes it whole or not at all (`output.update_record`, `create_record`); a refused entry
  writes nothing, and its problems name only lines that are in the file on disk.
The caller holds the file's lock (`record_lock.py`) from `load` to `save`.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from ..core.errors import ProblemsError, WutongError
from ..core.output import Exists, create_record, update_record
from ..core.problems import ERROR, Problem
from ..read.files import decode_text, read_bytes
from ..records import kind_of
from ..validate.loader import parse_bytes

_FRONT = re.compile(r"\A---\n(.*?\n)---(\n|\Z)", re.S)
_WHY = {RecursionError: "嵌套太深", MemoryError: "内存不够"}  # else a YAML error


class EntryError(WutongError):
    """A quick entry that makes no sense (a key that is not out, a parcel picked up twice)."""


@dataclass(frozen=True)
class Written:
    """The row a quick-entry command wrote, where it stands, so the command can print it."""
    path: str
    line: int
    text: str    # the row's line as it now stands in the file

    def as_text(self) -> str:
        """`path:line: row`, the line an editor can jump to."""
        return f"{self.path}:{self.line}: {self.text.strip()}"


def round_trip() -> YAML:
    """ruamel.yaml set to write back what it read: comments, order, quotes and flow style kept, no re-wrapping."""
    y = YAML()  # round trip: comments, order, quotes and flow style kept
    y.preserve_quotes = True
    y.width = 100000          # never re-wrap a long row
    y.indent(mapping=2, sequence=4, offset=2)
    return y


@dataclass
class EditedFile:
    """A record being changed: its front matter as an editable mapping, and the text and bytes it was read from."""
    rel: str
    data: CommentedMap
    body: str      # everything after the closing ---
    original: str  # the text as read ("" for a file not yet on disk)
    raw: bytes | None = None  # the bytes on disk; None: made by this command, written only if the entry is kept

    @property
    def created(self) -> bool:
        """Made by this command (`new`): written only if the entry is kept."""
        return self.raw is None

    def text(self) -> str:
        """The whole file as it would now be written."""
        out = io.StringIO()
        round_trip().dump(self.data, out)
        return f"---\n{out.getvalue()}---{self.body}"


def load(root: Path, rel: str) -> EditedFile:
    """The file as it is on disk, read first as `wutong validate` reads it; refused with its problems if it cannot be.

    Call it with the file's lock held when the file is to be written.
    """
    raw, found = read_bytes(os.path.join(root, rel), rel)
    record, text = None, None
    if raw is not None:
        record, more = parse_bytes(rel, raw, kind_of(rel))
        text, _ = decode_text(raw, rel)
        found = found + more
    if record is None or text is None:
        raise _unreadable(rel, found)
    try:
        return _parse(rel, text, raw)
    except (RecursionError, MemoryError, YAMLError) as exc:  # what ruamel cannot read though validate can
        raise _unreadable(rel, found, _WHY.get(type(exc), "YAML 写法无法按原样改写")) from None


def new(rel: str, text: str) -> EditedFile:
    """A record not yet on disk, starting as `text`: written by `save` only if the entry is kept."""
    return _parse(rel, text, None)


def _parse(rel: str, text: str, raw: bytes | None) -> EditedFile:
    m = _FRONT.match(text)
    if not m:
        raise EntryError(f"{rel} 没有头信息，无法登记：请先运行 wutong validate {rel} 并按提示改正")
    data = round_trip().load(m.group(1)) or CommentedMap()
    return EditedFile(rel, data, text[m.end(1) + 3:], text if raw is not None else "", raw)


def _unreadable(rel: str, found: list[Problem], why: str | None = None) -> WutongError:
    """A file quick entry cannot read: validate's problems of it, or (validate finding none) why not."""
    if any(p.severity == ERROR for p in found):
        return ProblemsError(found, f"未登记：{rel} 有错误（见上），这次没有写入；"
                                    "请先按提示改正，再运行一次同样的命令")
    return EntryError(f"未登记：{rel} 的头信息无法按原样改写（{why or '无法读取'}），这次没有写入："
                      f"请运行 wutong validate {rel} 检查，或用编辑器直接在文件中登记")


@dataclass(frozen=True)
class Saved:
    """A file just written with `row` in it; where the row stands is found after the lock is let go."""
    rel: str
    text: str
    row: CommentedMap

    def where(self) -> Written:
        """The row's line, found by reading the written text again (the lock no longer held: others may go on)."""
        again = round_trip().load(_FRONT.match(self.text).group(1))
        for rows in again.values():  # the row is in one of the lists (keys, parcels, …, events)
            for item in rows if isinstance(rows, list) else ():
                if isinstance(item, dict) and dict(item) == dict(self.row):
                    line = item.lc.line + 2  # ruamel counts from 0 within the front matter, which starts on line 2
                    return Written(self.rel, line, self.text.splitlines()[line - 1])
        raise AssertionError("the row written is not in the file")  # a bug, not bad input


def save(root: Path, f: EditedFile, row) -> Saved:
    """Validate the changed file, then write it (its lock held), or refuse and write nothing."""
    from ..validate.pipeline import validate_text

    text = f.text()
    errors = [p for p in validate_text(root, f.rel, text).problems if p.severity == ERROR]
    if errors:
        raise _refusal(f, text, errors)
    _replace(root, f, text)
    return Saved(f.rel, text, row)


def _replace(root: Path, f: EditedFile, text: str) -> None:
    """`text` in place of the file read, whole or not at all; refused if someone else (an editor) changed it meanwhile."""
    meanwhile = (f"未登记：{f.rel} 刚刚被别的程序改动过（例如编辑器保存了它），这次没有写入："
                 "请再运行一次同样的命令")
    if f.created:
        try:
            create_record(root, f.rel, text)
        except Exists:
            raise EntryError(meanwhile) from None
        return
    now, _ = read_bytes(os.path.join(root, f.rel), f.rel)
    if now != f.raw:
        raise EntryError(meanwhile)
    update_record(root, f.rel, text)


def _refusal(f: EditedFile, text: str, errors: list[Problem]) -> WutongError:
    """Why the entry is refused, naming only lines that are in the file on disk.

    A problem of a line the file already has is shown at that line as it is on disk (a row
    added above it would have moved it); a problem of the row to be added is said in the
    summary, since that row was never written and has no line.
    """
    where = _disk_lines(f.original, text)
    on_disk = [replace(p, line=where[p.line]) if p.path == f.rel else p
               for p in errors if p.path != f.rel or p.line in where]
    said = "；".join(f"{p.code} {p.message}" for p in errors if p.path == f.rel and p.line not in where)
    kept = "没有新建这个文件" if f.created else "文件未改动"
    if not said:
        return ProblemsError(on_disk, f"未登记：这样写 {f.rel} 会有错误（见上），{kept}")
    if not on_disk:
        return EntryError(f"未登记：{f.rel} 中要写入的这一行有错误：{said}；请核对后再登记，{kept}")
    return ProblemsError(on_disk, f"未登记：{f.rel} 中要写入的这一行有错误：{said}；文件另有错误（见上），{kept}")


def _disk_lines(original: str, text: str) -> dict[int, int]:
    """Line numbers of `text` -> the same line's number in `original`, for the lines `text` did not add."""
    where = {}
    old, new = original.splitlines(), text.splitlines()
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("equal", "replace"):  # a replaced line is the row completed in place (or `staff` grown)
            for k in range(min(j2 - j1, i2 - i1)):
                where[j1 + k + 1] = i1 + k + 1
    return where


