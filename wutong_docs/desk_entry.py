"""Quick entry of a front-desk row or a renovation event, without editing YAML by hand.

The front desk logs dozens of rows a day. Each command adds one row to today's
register (records/desk/YYYY/MM/YYYY-MM-DD.md, created when absent) or completes
the open row it names in the file that holds it, stamped with the Beijing time
(`dates.now`, or `at` for a late entry). The file is edited with ruamel.yaml's
round trip, so comments, key order, quotes and flow style of every line it does
not touch stay as they were, byte for byte.

Nothing is lost and nothing is claimed that was not kept:
- the file is read, changed and written under its lock (`record_lock.py`), so twenty
  entries at once each read what the one before wrote;
- it is read first as `wutong validate` reads it (`loader.parse_bytes`), so a file that
  cannot be read (a YAML error, nesting 5,000 deep) is refused with validate's own problems;
- the new text is validated before it replaces the file (`validate.validate_text`) and
  written whole or not at all (`output.update_record`); a refused entry writes nothing,
  and its problems name lines of the file as it is on disk.

Refusals (a key that is not out, a parcel already picked up) are `EntryError`s
with a Chinese message saying what to do.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from difflib import SequenceMatcher
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from . import dates
from .errors import ProblemsError, WutongError
from .loader import parse_bytes
from .output import Exists, create_record, update_record
from .problems import ERROR, Problem
from .record_lock import record_lock
from .records import kind_of
from .records.desk import SECTIONS, path_for as register_path
from .records.renovation import EVENT_TYPES
from .source import decode_text, read_bytes

DESK = "records/desk"
RENOVATIONS = "records/renovations"
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


# --- the round trip ----------------------------------------------------------------------------
def _yaml() -> YAML:
    y = YAML()  # round trip: comments, order, quotes and flow style kept
    y.preserve_quotes = True
    y.width = 100000          # never re-wrap a long row
    y.indent(mapping=2, sequence=4, offset=2)
    return y


@dataclass
class _File:
    rel: str
    data: CommentedMap
    body: str      # everything after the closing ---
    original: str  # the text as read ("" for a file not yet on disk)
    raw: bytes | None = None  # the bytes on disk; None: made by this command, written only if the entry is kept

    @property
    def created(self) -> bool:
        return self.raw is None

    def text(self) -> str:
        out = io.StringIO()
        _yaml().dump(self.data, out)
        return f"---\n{out.getvalue()}---{self.body}"


def _load(root: Path, rel: str) -> _File:
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


def _parse(rel: str, text: str, raw: bytes | None) -> _File:
    m = _FRONT.match(text)
    if not m:
        raise EntryError(f"{rel} 没有头信息，无法登记：请先运行 wutong validate {rel} 并按提示改正")
    data = _yaml().load(m.group(1)) or CommentedMap()
    return _File(rel, data, text[m.end(1) + 3:], text if raw is not None else "", raw)


def _unreadable(rel: str, found: list[Problem], why: str | None = None) -> WutongError:
    """A file quick entry cannot read: validate's problems of it, or (validate finding none) why not."""
    if any(p.severity == ERROR for p in found):
        return ProblemsError(found, f"未登记：{rel} 有错误（见上），这次没有写入；"
                                    "请先按提示改正，再运行一次同样的命令")
    return EntryError(f"未登记：{rel} 的头信息无法按原样改写（{why or '无法读取'}），这次没有写入："
                      f"请运行 wutong validate {rel} 检查，或用编辑器直接在文件中登记")


def _row(**fields) -> CommentedMap:
    row = CommentedMap()
    for name, value in fields.items():
        if value is not None:
            row[name] = value
    row.fa.set_flow_style()
    return row


def _quoted(value: str) -> DoubleQuotedScalarString:
    return DoubleQuotedScalarString(value)


def _set_before(row: CommentedMap, name: str, value, before: str = "by") -> None:
    """Set a completion field where the format puts it: before `by` (the pinned order), else at the end."""
    if name in row:
        row[name] = value
    elif before in row:
        row.insert(list(row).index(before), name, value)
    else:
        row[name] = value


def _stamp(moment: datetime, day: date) -> str:
    """A completion as the register writes it: "HH:MM" on the row's own day, else "YYYY-MM-DD HH:MM"."""
    return f"{moment:%H:%M}" if moment.date() == day else f"{moment:%Y-%m-%d %H:%M}"


# --- registers -----------------------------------------------------------------------------------
def _register_rels(root: Path) -> list[str]:
    base = root / DESK
    return sorted(p.relative_to(root).as_posix() for p in base.glob("*/*/*.md")) if base.is_dir() else []


def _open_today(root: Path, day: date, staff: str) -> _File:
    """Today's register, with its lock held: as on disk, or a new one in memory, written only with its first row."""
    rel = register_path(day)
    if os.path.lexists(root / rel):
        f = _load(root, rel)
    else:
        f = _parse(rel, f"---\ndate: {day.isoformat()}\nstaff: [{staff}]\n---\n## 交接\n\n", None)
    people = f.data.get("staff")
    if isinstance(people, list) and staff not in people:
        people.append(staff)  # whoever enters a row was at the desk that day
    return f


def _section(f: _File, name: str) -> CommentedSeq:
    rows = f.data.get(name)
    if isinstance(rows, list):
        return rows
    rows = CommentedSeq()
    order = list(SECTIONS)
    later = [k for k in f.data if k in order and order.index(k) > order.index(name)]
    position = list(f.data).index(later[0]) if later else len(f.data)
    if name in f.data:
        f.data[name] = rows
    else:
        f.data.insert(position, name, rows)
    return rows


def _rows(f: _File, section: str, match) -> list[CommentedMap]:
    return [row for row in f.data.get(section) or () if isinstance(row, dict) and match(row)]


def _find(root: Path, section: str, match) -> list[tuple[_File, CommentedMap, date]]:
    """Every row of `section`, in every register, for which `match(row)` holds, newest register first."""
    found = []
    for rel in reversed(_register_rels(root)):
        f = _load(root, rel)
        found += [(f, row, _day_of(f)) for row in _rows(f, section, match)]
    return found


def _complete(root: Path, section: str, match, missing: str, change) -> Written:
    """The newest row that `match`es, changed by `change(row, day)` in its register under that register's lock.

    The search runs without the lock (it reads every register); the register it found is then
    read again under its lock, so a row completed meanwhile by another command is seen as such.
    """
    for _ in range(3):  # the row found was taken meanwhile: look again (the next search may refuse)
        found = _find(root, section, match)
        if not found:
            raise EntryError(missing)
        rel = found[0][0].rel
        saved = None
        with record_lock(root, rel):
            f = _load(root, rel)
            rows = _rows(f, section, match)
            if rows:
                change(rows[0], _day_of(f))
                saved = _save(root, f, rows[0])
        if saved is not None:
            return saved.where()
    raise EntryError(missing)


def _day_of(f: _File) -> date:
    try:
        return date.fromisoformat(str(f.data.get("date")))
    except ValueError:
        raise EntryError(f"{f.rel} 的 date 写法不对：请先运行 wutong validate 并按提示改正") from None


def _append(root: Path, f: _File, section: str, row: CommentedMap) -> _Saved:
    _section(f, section).append(row)
    return _save(root, f, row)


@dataclass(frozen=True)
class _Saved:
    """A file just written with `row` in it; where the row stands is found after the lock is let go."""
    rel: str
    text: str
    row: CommentedMap

    def where(self) -> Written:
        """The row's line, found by reading the written text again (the lock no longer held: others may go on)."""
        again = _yaml().load(_FRONT.match(self.text).group(1))
        for name in (*SECTIONS, "events"):
            for item in again.get(name) or ():
                if dict(item) == dict(self.row):
                    line = item.lc.line + 2  # ruamel counts from 0 within the front matter, which starts on line 2
                    return Written(self.rel, line, self.text.splitlines()[line - 1])
        raise AssertionError("the row written is not in the file")  # a bug, not bad input


def _save(root: Path, f: _File, row) -> _Saved:
    """Validate the changed file, then write it (its lock held), or refuse and write nothing."""
    from .validate import validate_text

    text = f.text()
    errors = [p for p in validate_text(root, f.rel, text).problems if p.severity == ERROR]
    if errors:
        raise _refusal(f, text, errors)
    _replace(root, f, text)
    return _Saved(f.rel, text, row)


def _replace(root: Path, f: _File, text: str) -> None:
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


def _refusal(f: _File, text: str, errors: list[Problem]) -> WutongError:
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


# --- the commands ----------------------------------------------------------------------------------
def key_out(root: Path, home: str, to: str, purpose: str, staff: str, at: datetime | None = None) -> Written:
    """`wutong desk key out`: a key lent now, added to today's register.

    The search for a loan still open runs under today's lock, so two `key out` of one home at once
    cannot both pass it.
    """
    now = at or dates.now()
    with record_lock(root, register_path(now.date())):
        out = _find(root, "keys", lambda r: str(r.get("home")) == home and not r.get("back"))
        if out:
            f, row, day = out[0]
            raise EntryError(f"{home} 的钥匙已于 {day:%m-%d} {row.get('out')} 借给 {row.get('to')}，尚未归还："
                             f"先登记归还（wutong desk key back {home}），再登记借出")
        f = _open_today(root, now.date(), staff)
        saved = _append(root, f, "keys", _row(home=home, to=to, purpose=purpose, out=_quoted(f"{now:%H:%M}"),
                                              by=staff))
    return saved.where()


def key_back(root: Path, home: str, staff: str, at: datetime | None = None) -> Written:
    """`wutong desk key back`: the open loan of that home's key completed in place, in the day it went out."""
    now = at or dates.now()

    def change(row, day):
        _check_after(now, day, row.get("out"), "借出")
        _set_before(row, "back", _quoted(_stamp(now, day)))

    return _complete(root, "keys", lambda r: str(r.get("home")) == home and not r.get("back"),
                     f"{home} 的钥匙没有借出未还的记录，无法登记归还：请核对房号"
                     f"（借出时用 wutong desk key out {home} 登记）", change)


def _check_after(now: datetime, day: date, start, what: str) -> None:
    try:
        began = datetime.combine(day, datetime.strptime(str(start), "%H:%M").time())
    except ValueError:
        return
    if now < began:
        raise EntryError(f"现在 {now:%Y-%m-%d %H:%M} 早于{what}时间 {began:%Y-%m-%d %H:%M}：请核对 --at")


def _next_id(f: _File, section: str, prefix: str) -> str:
    """The day's next number after the highest `prefix`NN in `section` (P-20261126-03, F-20261126-02)."""
    taken = [int(str(r.get("id"))[len(prefix):]) for r in f.data.get(section) or ()
             if isinstance(r, dict) and str(r.get("id", "")).startswith(prefix)
             and str(r.get("id"))[len(prefix):].isdigit()]
    return f"{prefix}{max(taken, default=0) + 1:02d}"


def parcel_in(root: Path, home: str, carrier: str, staff: str, at: datetime | None = None) -> Written:
    """`wutong desk parcel in`: a parcel received now, with the day's next parcel id."""
    now = at or dates.now()
    with record_lock(root, register_path(now.date())):
        f = _open_today(root, now.date(), staff)
        saved = _append(root, f, "parcels", _row(id=_next_id(f, "parcels", f"P-{now:%Y%m%d}-"), home=home,
                                                  carrier=carrier, arrived=_quoted(f"{now:%H:%M}"), by=staff))
    return saved.where()


def parcel_done(root: Path, parcel_id: str, step: str, at: datetime | None = None) -> Written:
    """`step` notified | picked: complete the parcel's row, once."""
    now = at or dates.now()
    said = {"notified": "通知业主", "picked": "领取"}[step]

    def change(row, day):
        if row.get(step):
            raise EntryError(f"包裹 {parcel_id} 已于 {row.get(step)} 登记{said}，不能重复登记")
        if step == "notified" and row.get("picked"):
            raise EntryError(f"包裹 {parcel_id} 已于 {row.get('picked')} 领取，无需再通知")
        _check_after(now, day, row.get("arrived"), "到达")
        before = "picked" if step == "notified" and "picked" in row else "by"
        _set_before(row, step, _quoted(_stamp(now, day)), before=before)

    return _complete(root, "parcels", lambda r: str(r.get("id")) == parcel_id,
                     f"没有编号为 {parcel_id} 的包裹：请核对编号（形如 P-20261126-01）", change)


def card_apply(root: Path, home: str, kind: str, fee: int | None, staff: str, at: datetime | None = None) -> Written:
    """`wutong desk card apply`: an owner card, car card or key fob applied for now (its fee counts on the 28th)."""
    now = at or dates.now()
    with record_lock(root, register_path(now.date())):
        f = _open_today(root, now.date(), staff)
        saved = _append(root, f, "cards", _row(kind=kind, home=home, applied=_quoted(f"{now:%H:%M}"), fee=fee,
                                               by=staff))
    return saved.where()


def card_done(root: Path, home: str, step: str, kind: str | None = None, at: datetime | None = None) -> Written:
    """`step` notified | collected: the newest card of `home` still waiting for it."""
    now = at or dates.now()
    said = {"notified": "通知领取", "collected": "领取"}[step]

    def change(row, day):
        _check_after(now, day, row.get("applied"), "办理")
        before = "collected" if step == "notified" and "collected" in row else ("fee" if "fee" in row else "by")
        _set_before(row, step, _quoted(_stamp(now, day)), before=before)

    return _complete(root, "cards", lambda r: str(r.get("home")) == home and not r.get(step)
                     and not r.get("collected") and (kind is None or r.get("kind") == kind),
                     f"{home} 没有等待{said}的卡：请核对房号，或先用 wutong desk card apply {home} 登记办理", change)


def release_pass(root: Path, home: str, items: str, approved_by: str, checked_by: str | None, staff: str,
                 at: datetime | None = None) -> Written:
    """`wutong desk pass`: a release pass (放行条) issued now, with the day's next pass id."""
    now = at or dates.now()
    with record_lock(root, register_path(now.date())):
        f = _open_today(root, now.date(), staff)
        saved = _append(root, f, "passes", _row(id=_next_id(f, "passes", f"F-{now:%Y%m%d}-"), home=home,
                                                items=items, approved_by=approved_by, out=_quoted(f"{now:%H:%M}"),
                                                checked_by=checked_by))
    return saved.where()


# --- renovation cases ------------------------------------------------------------------------------
STATUS_AFTER = {"completion": "completed", "refund": "refunded"}


def renovation_event(root: Path, home: str, kind: str, staff: str, note: str | None = None,
                     slip: str | None = None, at: datetime | None = None) -> Written:
    """`wutong renovation event`: an event added to the home's open case (completion and refund set its status)."""
    if kind not in EVENT_TYPES:
        listed = "、".join(f"{k}（{v}）" for k, v in EVENT_TYPES.items())
        raise EntryError(f"{kind} 不是装修记录的类型；可选：{listed}")
    now = at or dates.now()
    base = root / RENOVATIONS
    cases = sorted(base.glob(f"{home}-*.md")) if base.is_dir() else []
    if not cases:
        raise EntryError(f"{home} 没有装修档案（records/renovations/{home}-YYYYMM.md）：请先建档")
    rel = cases[-1].relative_to(root).as_posix()
    with record_lock(root, rel):
        f = _load(root, rel)
        _check_event(f, home, kind)
        events = f.data.get("events")
        if not isinstance(events, list):
            events = CommentedSeq()
            f.data.insert(list(f.data).index("status") if "status" in f.data else len(f.data), "events", events)
        row = _row(at=f"{now:%Y-%m-%d %H:%M}", by=staff, type=kind, note=note, slip=slip)
        events.append(row)
        if kind in STATUS_AFTER:
            f.data["status"] = STATUS_AFTER[kind]
        saved = _save(root, f, row)
    return saved.where()


def _check_event(f: _File, home: str, kind: str) -> None:
    """Refuse an event the case as it stands does not allow (a refund before completion, …)."""
    status = str(f.data.get("status"))
    types = [str(e.get("type")) for e in f.data.get("events") or () if isinstance(e, dict)]
    if status == "refunded":
        raise EntryError(f"{f.rel} 已退押金结案，不能再加记录")
    if kind == "waste_removed" and types.count("waste_started") <= types.count("waste_removed"):
        raise EntryError(f"{home} 没有待清运的装修垃圾（没有未清运的 waste_started 记录）")
    if kind == "refund" and status != "completed":
        raise EntryError(f"{home} 尚未竣工验收，不能退押金：先登记 completion")
    if kind == "completion" and status != "open":
        raise EntryError(f"{home} 已竣工验收，不能重复登记")
