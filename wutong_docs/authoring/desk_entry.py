"""Quick entry of a front-desk row or a renovation event, without editing YAML by hand.

The front desk logs dozens of rows a day. Each command adds one row to today's
register (records/desk/YYYY/MM/YYYY-MM-DD.md, created when absent) or completes
the open row it names in the file that holds it, stamped with the Beijing time
(`dates.now`, or `at` for a late entry). The file is edited with ruamel.yaml's
round trip, so comments, key order, quotes and flow style of every line it does
not touch stay as they were, byte for byte.

Nothing is lost and nothing is claimed that was not kept: each command reads,
changes and writes its file under the file's lock (`record_lock.py`), and the
reading, validating and writing are `record_edit.py`'s.

Refusals (a key that is not out, a parcel already picked up) are `EntryError`s
with a Chinese message saying what to do.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..core import dates
from ..records.desk import SECTIONS
from ..records.desk import path_for as register_path
from ..records.renovation import EVENT_TYPES
from .record_edit import EditedFile, EntryError, Saved, Written, load, new, save
from .record_lock import record_lock

DESK = "records/desk"
RENOVATIONS = "records/renovations"


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


def _open_today(root: Path, day: date, staff: str) -> EditedFile:
    """Today's register, with its lock held: as on disk, or a new one in memory, written only with its first row."""
    rel = register_path(day)
    if os.path.lexists(root / rel):
        f = load(root, rel)
    else:
        f = new(rel, f"---\ndate: {day.isoformat()}\nstaff: [{staff}]\n---\n## 交接\n\n")
    people = f.data.get("staff")
    if isinstance(people, list) and staff not in people:
        people.append(staff)  # whoever enters a row was at the desk that day
    return f


def _section(f: EditedFile, name: str) -> CommentedSeq:
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


def _rows(f: EditedFile, section: str, match) -> list[CommentedMap]:
    return [row for row in f.data.get(section) or () if isinstance(row, dict) and match(row)]


def _find(root: Path, section: str, match) -> list[tuple[EditedFile, CommentedMap, date]]:
    """Every row of `section`, in every register, for which `match(row)` holds, newest register first."""
    found = []
    for rel in reversed(_register_rels(root)):
        f = load(root, rel)
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
            f = load(root, rel)
            rows = _rows(f, section, match)
            if rows:
                change(rows[0], _day_of(f))
                saved = save(root, f, rows[0])
        if saved is not None:
            return saved.where()
    raise EntryError(missing)


def _day_of(f: EditedFile) -> date:
    try:
        return date.fromisoformat(str(f.data.get("date")))
    except ValueError:
        raise EntryError(f"{f.rel} 的 date 写法不对：请先运行 wutong validate 并按提示改正") from None


def _append(root: Path, f: EditedFile, section: str, row: CommentedMap) -> Saved:
    _section(f, section).append(row)
    return save(root, f, row)


# --- the commands ----------------------------------------------------------------------------------
def key_out(root: Path, home: str, to: str, purpose: str, staff: str, at: datetime | None = None) -> Written:
    """`wutong desk key out`: a key lent now, added to today's register.

    Every register is searched for a loan still open before the lock is taken (a search of years
    of registers must not keep others waiting); today's, the only one another `key out` can add
    to, is searched again under its lock, so two `key out` of one home at once cannot both pass.
    """
    now = at or dates.now()

    def still_out(row) -> bool:
        return str(row.get("home")) == home and not row.get("back")

    out = _find(root, "keys", still_out)
    if out:
        raise _lent(home, *out[0][1:])
    with record_lock(root, register_path(now.date())):
        f = _open_today(root, now.date(), staff)
        if rows := _rows(f, "keys", still_out):
            raise _lent(home, rows[0], _day_of(f))
        saved = _append(root, f, "keys", _row(home=home, to=to, purpose=purpose, out=_quoted(f"{now:%H:%M}"),
                                              by=staff))
    return saved.where()


def _lent(home: str, row, day: date) -> EntryError:
    return EntryError(f"{home} 的钥匙已于 {day:%m-%d} {row.get('out')} 借给 {row.get('to')}，尚未归还："
                      f"先登记归还（wutong desk key back {home}），再登记借出")


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


def _next_id(f: EditedFile, section: str, prefix: str) -> str:
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
        f = load(root, rel)
        _check_event(f, home, kind)
        events = f.data.get("events")
        if not isinstance(events, list):
            events = CommentedSeq()
            f.data.insert(list(f.data).index("status") if "status" in f.data else len(f.data), "events", events)
        row = _row(at=f"{now:%Y-%m-%d %H:%M}", by=staff, type=kind, note=note, slip=slip)
        events.append(row)
        if kind in STATUS_AFTER:
            f.data["status"] = STATUS_AFTER[kind]
        saved = save(root, f, row)
    return saved.where()


def _check_event(f: EditedFile, home: str, kind: str) -> None:
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
