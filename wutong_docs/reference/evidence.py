"""How a duty is proven, in one phrase staff read: "在工作日志里写【钥匙核查】".

Every duty of the duty book names the record that proves it (`record:`). The
calendars, the role pages and `wutong check`'s gap lines all tell staff what to
write, and they must say it the same way; this module is the one place that
words it. The phrase names the folder of the record where there is one, so a
clerk knows where to look.
"""

from __future__ import annotations

import re

from .checklists import KINDS as INSPECTION_KINDS
from .duty_book import CITE, MEETING_KINDS, NONE, REPORT, Duty

# record value -> the phrase; cite, none and minutes:<kind> are worded from the duty itself (how_proven)
_PHRASES = {
    REPORT: "写当月的月度分析（records/reports/）",
    "log": "提交工作日志（records/logs/）",
    "weekly": "提交周报（records/weekly/）",
    "slip": "开具并跟进内部工作信息传递单（records/slips/）",
    "notice": "张贴公示或催缴函并存档（records/notices/）",
    "desk": "填写当天的前台登记表（records/desk/）",
    "desk:keys": "在前台登记表里登记钥匙借还（records/desk/）",
    "desk:parcels": "在前台登记表里登记包裹代收与领取（records/desk/）",
    "desk:cards": "在前台登记表里登记业主卡的办理与通知（records/desk/）",
    "renovation:waste": "在装修档案里记下装修垃圾的堆放与清运（records/renovations/）",
    "renovation:passes": "在装修档案里登记施工人员出入证（records/renovations/）",
    "renovation:refund": "在装修档案里记下押金退还（records/renovations/）",
    "case": "在欠费案件里记下每一步进展（records/cases/）",
    "legacy": "在历史遗留问题里写处理计划并记下完成日期（records/legacy/）",
    "lease": "在车位租用登记里登记每份租用和续租（records/leases/）",
    "workorder": "开具对外工作单并记下答复（records/workorders/）",
    **{f"inspection:{k}": f"写{v}检查记录，不合格项目限期整改（records/inspections/）" for k, v in INSPECTION_KINDS.items()},
}


def how_proven(duty: Duty) -> str:
    """The Chinese phrase saying what record proves `duty`, e.g. "在工作日志里写【钥匙核查】"."""
    record = duty.record
    if record == CITE:
        return f"在工作日志里写【{duty.short}】"
    if record == NONE:
        return f"不需要记录：{duty.reason}"
    if record.startswith("minutes:"):
        kind = record.split(":", 1)[1]
        if kind == "training":
            return "培训记录（records/minutes/）"
        return f"{MEETING_KINDS.get(kind, kind)}会议记录（records/minutes/）"
    return _PHRASES.get(record, record)


_FOLDER = re.compile(r"（records/[^）]*）")


def proof_line(duty: Duty, folders: bool = True) -> str:
    """The line a calendar or role page gives a duty: "记录：在工作日志里写【钥匙核查】", or "不需要记录：…".

    Without `folders` the records' folders are left out (the printed sheet, a phone's calendar:
    what staff read there is Chinese only).
    """
    phrase = how_proven(duty)
    if not folders:
        phrase = _FOLDER.sub("", phrase)
    if duty.shared:   # one record serves the role: no clerk should think each must write it
        phrase += "（岗位里任何一人写了都算）"
    return phrase if duty.record == NONE else f"记录：{phrase}"
