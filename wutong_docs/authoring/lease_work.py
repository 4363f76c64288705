"""`wutong new lease` and `wutong new workorder`: the parking register and the outside work orders (issue 22).

Apart from new_record.py because a lease is written into a file that may already
exist: a space has one file and every lease of it is an entry there, so a renewal
is `wutong new lease` again on the same space. That is a read-modify-write, done
as the quick entries do it: the file's lock held (`record_lock.py`), the front
matter edited by ruamel's round trip (`record_edit.py`) so comments stay, the new
text validated before it replaces the file. A wrong space, home, plate, card,
date or staff id is refused at once, before anything is read or written, with
what would be right. A work order is a new file with the day's next number, as a
slip is; its recipient is checked against org.yml's departments and `outside:`.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from ..core.dates import now
from ..records.drafts import environment as draft_environment
from ..records.drafts import next_numbered_id
from ..read.fields import Invalid, did_you_mean
from ..records import lease, workorder
from ..validate.loader import load_file
from .new_record import RecordExists, ScaffoldError, known_home, known_staff, read_org, write_draft
from .record_edit import Written, load, new, save
from .record_lock import record_lock


def _checked(convert, value: str) -> str:
    """`value` as the record's own converter reads it; its message, refused at once, when it is wrong."""
    try:
        return convert(value)
    except Invalid as exc:
        raise ScaffoldError(exc.message) from None


def new_lease(root: Path, space: str, home: str, plate: str, start: date, end: date, card: str,
              by: str | None = None, signed: date | None = None) -> Written:
    """Add a lease of `space` (its file made when it is the space's first); return where the entry stands."""
    space, plate, card = _checked(lease.a_space, space), _checked(lease.a_plate, plate), _checked(lease.a_card, card)
    if end <= start:
        raise ScaffoldError(f"--to {end} 不晚于 --from {start}：到期日要在起租日之后")
    org = read_org(root)
    home = _lease_home(org, home)
    staff = known_staff(org, by).id if by else None
    signed = signed or now().date()
    _card_free(root, space, card, start, end)
    rel = lease.path_for(space)
    row = CommentedMap([("home", home), ("plate", plate), ("card", card), ("from", start), ("to", end),
                        ("signed", signed)] + ([("by", staff)] if staff else []))
    with record_lock(root, rel):
        if os.path.lexists(root / rel):
            edited = load(root, rel)
        else:
            edited = new(rel, draft_environment(root).get_template("new/lease.md.j2").render(space=space))
        if edited.data.get("leases") is None:
            edited.data["leases"] = []
        edited.data["leases"].append(row)
        saved = save(root, edited, row)
    return saved.where()


def _lease_home(org, home: str) -> str:
    """`known_home`, and when the building or unit is not in org.yml, the ones that are."""
    try:
        return known_home(org, home)
    except ScaffoldError as exc:
        parts = home.strip().split("-")
        building = org.buildings.get(parts[0]) if parts else None
        if building is not None and len(parts) == 3:
            hint = f"；{building.id} 栋的单元：{'、'.join(building.units)}"
        elif len(parts) == 3:
            hint = f"{did_you_mean(parts[0], org.buildings)}；楼栋：{'、'.join(org.buildings)}"
        else:
            hint = ""
        raise ScaffoldError(f"{exc}{hint}") from None


def _card_free(root: Path, space: str, card: str, start: date, end: date) -> None:
    """Refuse a card another space's lease holds over the same days (WT545 would refuse the file afterwards)."""
    folder = root / "records" / "leases"
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        rel = f"records/leases/{path.name}"
        record, _ = load_file(root, rel)
        if record is None or getattr(record, "space", None) == space:
            continue   # the space's own file: its rule (WT544) judges it when it is saved
        for other in record.leases:
            if other.card == card and start <= other.end and other.start <= end:
                raise ScaffoldError(f"IC 卡 {card} 已用于 {rel} 第 {other.line} 行的租用（到 {other.end}）："
                                    "每份租用办一张卡，请核对卡号")


def next_workorder_id(root: Path, day: date, after: int = 0) -> str:
    """The next free work order number of `day`, above `after` (a number just taken by someone else)."""
    return next_numbered_id(root / "records" / "workorders" / f"{day:%Y}" / f"{day:%m}", f"W-{day:%Y%m%d}-", after,
                            f"{day} 已开满 99 张对外工作单")


def new_workorder(root: Path, to: str, subject: str, by: str | None, sent: date | None = None) -> str:
    """A new work order to `to` about `subject`, sent on `sent` (default today), numbered; return its path."""
    org = read_org(root)
    staff = known_staff(org, by, "--by", "发送人的")
    known = workorder.recipients(org)
    to = to.strip()
    if to not in known:
        listed = workorder.recipients_listed(org)
        raise ScaffoldError(f"--to {to} 不是 records/org.yml 中的部门或外部单位{did_you_mean(to, known)}；可选：{listed}"
                            "（外部单位在 org.yml 的 outside 中添加）")
    if not subject.strip():
        raise ScaffoldError("请用 --subject 写明事由，例如 --subject \"5栋外墙渗水维修\"")
    sent = sent or now().date()
    lost = 0
    while True:
        order_id = next_workorder_id(root, sent, after=lost)
        text = draft_environment(root).get_template("new/workorder.md.j2").render(
            id=order_id, to=to, subject=subject.strip(), sent=sent, staff=staff)
        try:
            return write_draft(root, workorder.path_for(order_id, sent), text)
        except RecordExists:
            lost = int(order_id[-2:])
