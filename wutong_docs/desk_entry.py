"""Quick entry of a front-desk row or a renovation event, without editing YAML by hand.

The front desk logs dozens of rows a day. Each command adds one row to today's
register (records/desk/YYYY/MM/YYYY-MM-DD.md, created when absent) or completes
the open row it names in the file that holds it, stamped with the Beijing time
(`dates.now`, or `at` for a late entry). The file is edited with ruamel.yaml's
round trip, so comments, key order, quotes and flow style of every line it does
not touch stay as they were, byte for byte. The result is validated before the
command ends; if it would be invalid the file is put back as it was.

Refusals (a key that is not out, a parcel already picked up) are `EntryError`s
with a Chinese message saying what to do.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from . import dates
from .errors import ProblemsError, WutongError
from .output import create_record, update_record
from .problems import ERROR
from .records.desk import SECTIONS, path_for as register_path
from .records.renovation import EVENT_TYPES

DESK = "records/desk"
RENOVATIONS = "records/renovations"
_FRONT = re.compile(r"\A---\n(.*?\n)---(\n|\Z)", re.S)


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
    original: str
    created: bool = False  # made by this command: removed again if the entry is refused

    def text(self) -> str:
        out = io.StringIO()
        _yaml().dump(self.data, out)
        return f"---\n{out.getvalue()}---{self.body}"


def _load(root: Path, rel: str) -> _File:
    original = (root / rel).read_text(encoding="utf-8")
    m = _FRONT.match(original)
    if not m:
        raise EntryError(f"{rel} 没有头信息，无法登记：请先运行 wutong validate {rel} 并按提示改正")
    data = _yaml().load(m.group(1)) or CommentedMap()
    return _File(rel, data, original[m.end(1) + 3:], original)


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
    rel = register_path(day)
    created = not (root / rel).exists()
    if created:
        create_record(root, rel, f"---\ndate: {day.isoformat()}\nstaff: [{staff}]\n---\n## 交接\n\n")
    f = _load(root, rel)
    f.created = created
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


def _find(root: Path, section: str, match) -> list[tuple[_File, CommentedMap, date]]:
    """Every row of `section`, in every register, for which `match(row)` holds, newest register first."""
    found = []
    for rel in reversed(_register_rels(root)):
        f = _load(root, rel)
        day = _day_of(f)
        for row in f.data.get(section) or ():
            if isinstance(row, dict) and match(row):
                found.append((f, row, day))
    return found


def _day_of(f: _File) -> date:
    try:
        return date.fromisoformat(str(f.data.get("date")))
    except ValueError:
        raise EntryError(f"{f.rel} 的 date 写法不对：请先运行 wutong validate 并按提示改正") from None


def _append(root: Path, f: _File, section: str, row: CommentedMap) -> Written:
    _section(f, section).append(row)
    return _save_new(root, f, row)


def _save_new(root: Path, f: _File, row) -> Written:
    """A row added: its position is known only once dumped, so reload the written text to find it."""
    from .validate import validate

    text = f.text()
    update_record(root, f.rel, text)
    errors = [p for p in validate(root, [f.rel]).problems if p.severity == ERROR]
    if errors:
        if f.created:
            (root / f.rel).unlink()
        else:
            update_record(root, f.rel, f.original)
        raise ProblemsError(errors, f"未登记：这样写 {f.rel} 会有错误（见上），文件未改动")
    return _line_of(f.rel, text, row)


def _line_of(rel: str, text: str, row: CommentedMap) -> Written:
    again = _yaml().load(_FRONT.match(text).group(1))
    for name in (*SECTIONS, "events"):
        for item in again.get(name) or ():
            if dict(item) == dict(row):
                line = item.lc.line + 2  # ruamel counts from 0 within the front matter, which starts on line 2
                return Written(rel, line, text.splitlines()[line - 1])
    raise AssertionError("the row written is not in the file")  # a bug, not bad input


def key_out(root: Path, home: str, to: str, purpose: str, staff: str, at: datetime | None = None) -> Written:
    """`wutong desk key out`: a key lent now, added to today's register."""
    now = at or dates.now()
    out = _find(root, "keys", lambda r: str(r.get("home")) == home and not r.get("back"))
    if out:
        f, row, day = out[0]
        raise EntryError(f"{home} 的钥匙已于 {day:%m-%d} {row.get('out')} 借给 {row.get('to')}，尚未归还："
                         f"先登记归还（wutong desk key back {home}），再登记借出")
    f = _open_today(root, now.date(), staff)
    return _append(root, f, "keys", _row(home=home, to=to, purpose=purpose, out=_quoted(f"{now:%H:%M}"), by=staff))


def key_back(root: Path, home: str, staff: str, at: datetime | None = None) -> Written:
    """`wutong desk key back`: the open loan of that home's key completed in place, in the day it went out."""
    now = at or dates.now()
    out = _find(root, "keys", lambda r: str(r.get("home")) == home and not r.get("back"))
    if not out:
        raise EntryError(f"{home} 的钥匙没有借出未还的记录，无法登记归还：请核对房号"
                         f"（借出时用 wutong desk key out {home} 登记）")
    f, row, day = out[0]
    _check_after(now, day, row.get("out"), "借出")
    _set_before(row, "back", _quoted(_stamp(now, day)))
    return _save_new(root, f, row)


def _check_after(now: datetime, day: date, start, what: str) -> None:
    try:
        began = datetime.combine(day, datetime.strptime(str(start), "%H:%M").time())
    except ValueError:
        return
    if now < began:
        raise EntryError(f"现在 {now:%Y-%m-%d %H:%M} 早于{what}时间 {began:%Y-%m-%d %H:%M}：请核对 --at")


def parcel_in(root: Path, home: str, carrier: str, staff: str, at: datetime | None = None) -> Written:
    """`wutong desk parcel in`: a parcel received now, with the day's next parcel id."""
    now = at or dates.now()
    f = _open_today(root, now.date(), staff)
    prefix = f"P-{now:%Y%m%d}-"
    taken = [int(str(r.get("id"))[len(prefix):]) for r in f.data.get("parcels") or ()
             if isinstance(r, dict) and str(r.get("id", "")).startswith(prefix) and str(r.get("id"))[len(prefix):].isdigit()]
    parcel_id = f"{prefix}{max(taken, default=0) + 1:02d}"
    return _append(root, f, "parcels", _row(id=parcel_id, home=home, carrier=carrier,
                                             arrived=_quoted(f"{now:%H:%M}"), by=staff))


def _parcel(root: Path, parcel_id: str):
    found = _find(root, "parcels", lambda r: str(r.get("id")) == parcel_id)
    if not found:
        raise EntryError(f"没有编号为 {parcel_id} 的包裹：请核对编号（形如 P-20261126-01）")
    return found[0]


def parcel_done(root: Path, parcel_id: str, step: str, at: datetime | None = None) -> Written:
    """`step` notified | picked: complete the parcel's row, once."""
    now = at or dates.now()
    f, row, day = _parcel(root, parcel_id)
    said = {"notified": "通知业主", "picked": "领取"}[step]
    if row.get(step):
        raise EntryError(f"包裹 {parcel_id} 已于 {row.get(step)} 登记{said}，不能重复登记")
    if step == "notified" and row.get("picked"):
        raise EntryError(f"包裹 {parcel_id} 已于 {row.get('picked')} 领取，无需再通知")
    _check_after(now, day, row.get("arrived"), "到达")
    _set_before(row, step, _quoted(_stamp(now, day)), before="picked" if step == "notified" and "picked" in row else "by")
    return _save_new(root, f, row)


def card_apply(root: Path, home: str, kind: str, fee: int | None, staff: str, at: datetime | None = None) -> Written:
    """`wutong desk card apply`: an owner card, car card or key fob applied for now (its fee counts on the 28th)."""
    now = at or dates.now()
    f = _open_today(root, now.date(), staff)
    return _append(root, f, "cards", _row(kind=kind, home=home, applied=_quoted(f"{now:%H:%M}"), fee=fee, by=staff))


def card_done(root: Path, home: str, step: str, kind: str | None = None, at: datetime | None = None) -> Written:
    """`step` notified | collected: the newest card of `home` still waiting for it."""
    now = at or dates.now()
    said = {"notified": "通知领取", "collected": "领取"}[step]
    waiting = _find(root, "cards", lambda r: str(r.get("home")) == home and not r.get(step)
                    and not r.get("collected") and (kind is None or r.get("kind") == kind))
    if not waiting:
        raise EntryError(f"{home} 没有等待{said}的卡：请核对房号，或先用 wutong desk card apply {home} 登记办理")
    f, row, day = waiting[0]
    _check_after(now, day, row.get("applied"), "办理")
    before = "collected" if step == "notified" and "collected" in row else ("fee" if "fee" in row else "by")
    _set_before(row, step, _quoted(_stamp(now, day)), before=before)
    return _save_new(root, f, row)


def release_pass(root: Path, home: str, items: str, approved_by: str, checked_by: str | None, staff: str,
                 at: datetime | None = None) -> Written:
    """`wutong desk pass`: a release pass (放行条) issued now, with the day's next pass id."""
    now = at or dates.now()
    f = _open_today(root, now.date(), staff)
    prefix = f"F-{now:%Y%m%d}-"
    taken = [int(str(r.get("id"))[len(prefix):]) for r in f.data.get("passes") or ()
             if isinstance(r, dict) and str(r.get("id", "")).startswith(prefix) and str(r.get("id"))[len(prefix):].isdigit()]
    return _append(root, f, "passes", _row(id=f"{prefix}{max(taken, default=0) + 1:02d}", home=home, items=items,
                                           approved_by=approved_by, out=_quoted(f"{now:%H:%M}"), checked_by=checked_by))


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
    f = _load(root, cases[-1].relative_to(root).as_posix())
    status = str(f.data.get("status"))
    events = f.data.get("events")
    types = [str(e.get("type")) for e in events or () if isinstance(e, dict)]
    if status == "refunded":
        raise EntryError(f"{f.rel} 已退押金结案，不能再加记录")
    if kind == "waste_removed" and types.count("waste_started") <= types.count("waste_removed"):
        raise EntryError(f"{home} 没有待清运的装修垃圾（没有未清运的 waste_started 记录）")
    if kind == "refund" and status != "completed":
        raise EntryError(f"{home} 尚未竣工验收，不能退押金：先登记 completion")
    if kind == "completion" and status != "open":
        raise EntryError(f"{home} 已竣工验收，不能重复登记")
    if not isinstance(events, list):
        events = CommentedSeq()
        f.data.insert(list(f.data).index("status") if "status" in f.data else len(f.data), "events", events)
    row = _row(at=f"{now:%Y-%m-%d %H:%M}", by=staff, type=kind, note=note, slip=slip)
    events.append(row)
    if kind in STATUS_AFTER:
        f.data["status"] = STATUS_AFTER[kind]
    return _save_new(root, f, row)
