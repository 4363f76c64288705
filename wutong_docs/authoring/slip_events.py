"""A step in a slip's life (派工、处理、完成、回访、关闭、重新打开、作废) recorded by one command, not typed as YAML.

Why: following a slip up meant hand-typing `{at: …, by: …, status: …}` into its `events:`,
and a step out of order (closing before the return visit) was found only by the next
`wutong validate`. `wutong slip ID dispatch|start|done|revisit|close|reopen|cancel` appends
the one event, the way the front desk's quick entries add a row (`desk_entry.py`):
- the slip is read and written under its lock (`record_lock.py`) and edited by ruamel.yaml's
  round trip (`record_edit.py`), so comments and formatting stay as they were;
- the slip must be valid as it stands (else validate's problems are listed and nothing is
  written), and the step is judged by the lifecycle `validate` itself applies
  (`records.slip.transition`), so a refusal says what `validate` would say;
- the changed file is validated again before it replaces the old one (`record_edit.save`),
  which also refuses a step dated before the last one (WT402): a refusal writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..core import dates
from ..read.fields import did_you_mean
from ..records.slip import ID, RESULTS, STATUSES, Slip, path_for, status_of, transition
from ..reference.org import Org, Staff
from ..validate.crossref import slip_ids_on_disk
from .new_record import known_staff, one_of, read_org
from .record_edit import EditedFile, EntryError, load, save
from .record_lock import record_lock

# the command's name -> the status its event records (the lifecycle itself is records.slip.NEXT)
STEPS = {"dispatch": "dispatched", "start": "in_progress", "done": "done", "revisit": "revisited",
         "close": "closed", "reopen": "reopened", "cancel": "cancelled"}
# what the command's one line of output calls the step
SAID = {"dispatch": "派工", "start": "开始处理", "done": "处理完成", "revisit": "回访",
        "close": "关闭", "reopen": "重新打开", "cancel": "作废"}


@dataclass(frozen=True)
class Recorded:
    """The event a `wutong slip` command appended, said as one line."""
    slip_id: str
    step: str
    at: datetime
    by: Staff
    to: str | None       # a dispatch's department, by its Chinese name
    result: str | None   # a return visit's result, by its Chinese label

    def as_text(self) -> str:
        """已记录：S-… 派工给 工程部（11-24 10:05，李娜）；现在状态：已派工"""
        what = SAID[self.step]
        if self.to:
            what += f"给 {self.to}"
        if self.result:
            what += f"，业主{self.result}"
        return (f"已记录：{self.slip_id} {what}（{self.at:%m-%d %H:%M}，{self.by.name}）；"
                f"现在状态：{STATUSES[STEPS[self.step]]}")


def record_step(root: Path, slip_id: str, step: str, by: str | None, at: datetime | None = None, *,
                to: str | None = None, result: str | None = None, note: str | None = None) -> Recorded:
    """Append the event of `step` (a key of STEPS) to slip `slip_id`, or refuse and leave the file as it was.

    `to` (dispatch) is a department's id or Chinese name, `result` (revisit) satisfied/unsatisfied
    or 满意/不满意, as validate accepts them; the event is written with ids.
    """
    org = read_org(root)
    staff = _recorder(org, by)
    departments = {d.id: d.name for d in org.departments.values()}
    to = one_of(to, "--to", "派往部门", departments)
    result = one_of(result, "--result", "回访结果", RESULTS)
    rel = find(root, slip_id)
    moment = at or dates.now()
    with record_lock(root, rel):
        f = load(root, rel)
        slip = _valid_slip(root, rel)
        _judge(rel, slip, step)
        row = _event(at=f"{moment:%Y-%m-%d %H:%M}", by=staff.id, status=STEPS[step], to=to, result=result,
                     note=note)
        _events(f).append(row)
        save(root, f, row)
    sent = to or (slip.to if step == "dispatch" else None)
    return Recorded(slip_id, step, moment, staff, departments.get(sent, sent) if sent else None,
                    RESULTS.get(result) if result else None)


def _recorder(org: Org, by: str | None) -> Staff:
    """Who records the step: --by, else WUTONG_STAFF (click reads it); neither: every staff id, to choose from."""
    if not by:
        known = "、".join(f"{s.id}（{s.name}）" for s in org.staff.values())
        raise EntryError(f"请用 --by 给出记录人的员工编号（或设环境变量 WUTONG_STAFF）；records/org.yml 中的员工：{known}")
    return known_staff(org, by)


def find(root: Path, slip_id: str) -> str:
    """The path of slip `slip_id` (records/slips/YYYY/MM/<id>.md), or EntryError naming the closest existing id."""
    m = ID.match(slip_id)
    if m:
        try:
            rel = path_for(slip_id, datetime.strptime(m.group(1), "%Y%m%d"))
        except ValueError:  # S-20261399-…: no such day, so no such slip
            rel = None
        if rel and (root / rel).is_file():
            return rel
    hint = did_you_mean(slip_id, slip_ids_on_disk(root))
    raise EntryError(f"没有编号为 {slip_id} 的传递单{hint}：请核对编号（形如 S-20261126-wang-fang-01，"
                     "即 records/slips/YYYY/MM/ 下的文件名）")


def _valid_slip(root: Path, rel: str) -> Slip:
    """The slip as validate reads it, or ProblemsError with validate's problems: a wrong file is not added to."""
    from ..validate.pipeline import validated

    report = validated(root, [rel], summary=f"未登记：{rel} 有错误（见上），这次没有写入；"
                                            "请先按提示改正，再运行一次同样的命令")
    (slip,) = report.of_type(Slip)
    return slip


def _judge(rel: str, slip: Slip, step: str) -> None:
    """Refuse a step the lifecycle does not allow now, with validate's code and message, and the commands that fit."""
    status = status_of(slip.events)
    result = slip.events[-1].result if slip.events else None
    refused = transition(status, result, STEPS[step])
    if refused is None:
        return
    fitting = [name for name, new in STEPS.items() if transition(status, result, new) is None]
    then = (f"此时可用的命令：{'、'.join(fitting)}" if fitting
            else f"这张单{STATUSES[status]}，不能再记处理经过")  # 已关闭、已作废: nothing may follow
    raise EntryError(f"未登记：{rel} 中要写入的这一行有错误：{refused[0]} {refused[1]}；{then}；文件未改动")


def _event(**fields) -> CommentedMap:
    """One event as the template's example writes it: `{at: …, by: …, status: …}` on one line."""
    row = CommentedMap((name, value) for name, value in fields.items() if value is not None)
    row.fa.set_flow_style()
    return row


def _events(f: EditedFile) -> CommentedSeq:
    """The slip's `events:` list, to append to: `events: []` (as `wutong new slip` writes it) becomes a block list."""
    events = f.data.get("events")
    if isinstance(events, list) and events:
        return events
    block = CommentedSeq()
    if "events" in f.data:
        f.data["events"] = block
    else:
        f.data.insert(len(f.data), "events", block)
    return block
