"""The weekly summary's figures as a document: JSON (pinned keys), Markdown, or a self-contained HTML page.

Made the way the monthly report is (render.py), so the two read alike and mask alike:
Markdown from one Jinja template the department may override
(`templates/report/week.md.j2`); HTML is that Markdown through markdown-it with raw HTML
off, in render.py's page (its style, nothing fetched). Every string that leaves passes
`privacy.mask` (a key's borrower, a renovation note may name an owner), and the finished
Markdown and HTML pass once more (`mask_numbers`, `mask_html`). Pure: the CLI writes the file.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from ...core.privacy import mask_html, mask_numbers
from ...reference.org import Org
from .render import html_page, masked, masked_environment
from .week import Week, week_figures

FORMATS = ("html", "md", "json")
UNCHECKED = "未检查"   # the duty book does not link the duty (or gives no days): the check has no rule to count by
NO_REGISTERS = "本周没有前台登记表（records/desk/），登记表中的各项均为 0。"
DEFINITIONS = (
    ("统计范围", "ISO 周，周一 0:00 至周日 23:59（北京时间）；周次写法 YYYY-Www，如 2026-W47"),
    ("包裹代收 / 领取", "代收按到达日在本周的登记行；领取按 picked（领取时间）在本周，不论哪天到达"),
    ("周末仍待领取", "到周日 23:59 已到达、尚未领取（没有 picked，或 picked 晚于周日）的包裹；"
                "等于周初待领取 + 本周代收 − 本周领取"),
    ("钥匙过夜", "本周借出、没有在岗位职责规定的天数内归还的钥匙（与 wutong check 的“钥匙”一项相同）"),
    ("业主卡按时通知", "本周办理的业主卡，在岗位职责的通知时限（如 12:00、18:00）前登记了 notified；"
                  "最后时限之后办理的不设时限，计为按时"),
    ("放行条", "本周登记表 passes 中的放行条"),
    ("出入证", "装修档案只记每张出入证的有效期 until，不记办理日：本周统计的是有效期止于本周的张数，"
             "以及本周凭过期出入证借钥匙的次数（与 wutong check 的“出入证”一项相同）"),
    ("前台的传递单", "开单人 by 是 org.yml 中 front_desk 岗位的员工：本周开单的，和本周有 closed 记录的"),
    ("装修", "各装修档案中时间在本周的 events"),
)


def title(org: Org, week: Week | str) -> str:
    """The summary's title, e.g. 梧桐墅客服部 前台周汇总 2026-W47."""
    return f"{org.estate or ''}客服部 前台周汇总 {week}"


@functools.lru_cache(maxsize=8)
def _environment(root: Path | None) -> jinja2.Environment:
    """One environment per repository (the site renders a summary per week): the template compiled once."""
    env = masked_environment(root)
    env.filters["checked"] = lambda v: Markup(UNCHECKED) if v is None else v
    env.filters["ours"] = lambda v: Markup(v)   # a day or moment week.py formatted (YYYY-MM-DD HH:MM): no record text
    return env


def followups(figures: dict) -> list[dict]:
    """What the desk must follow up, from the daily check's own gap messages: keys overnight, late cards, expired passes."""
    out = []
    for what, items in (("钥匙过夜", figures["keys"]["overdue_list"]), ("业主卡未按时通知", figures["cards"]["late_list"]),
                        ("出入证过期", figures["passes"]["used_expired_list"])):
        out += [{"what": what, **item} for item in items]
    return out


def markdown(figures: dict, org: Org, known: frozenset[str], root: Path | None = None) -> str:
    """The summary as Markdown: the overview table, what to follow up, fees, slips, renovations, the definitions."""
    week = Week.parse(figures["week"])
    text = _environment(root).get_template("report/week.md.j2").render(
        owner_names=known, title=title(org, week), span=Markup(week.label()), no_registers=Markup(NO_REGISTERS),
        unchecked=Markup(UNCHECKED), followups=followups(figures), definitions=DEFINITIONS,
        staff_name=lambda sid: org.staff[sid].name if sid in org.staff else sid,
        **{k: figures[k] for k in ("registers", "registers_missing", "parcels", "keys", "cards", "passes", "slips",
                                   "renovations")})
    return mask_numbers(text)   # the last pass (privacy.py): numbers the template put together


_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def body_html(figures: dict, org: Org, known: frozenset[str], root: Path | None = None) -> str:
    """The summary as an HTML fragment (the site puts it in its theme): wide tables scroll on a phone."""
    html = _MARKDOWN.render(markdown(figures, org, known, root))
    html = re.sub(r"<table>(.*?)</table>", r'<div class="wt-table-scroll"><table>\1</table></div>', html, flags=re.S)
    return mask_html(html)


def render(figures: dict, org: Org, known: frozenset[str], fmt: str, root: Path | None = None) -> str:
    """The summary in `fmt`: json (every string masked), md, or html (one self-contained page)."""
    if fmt == "json":
        return json.dumps(masked(figures, known), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return markdown(figures, org, known, root)
    return html_page(figures, org, known, root, body=body_html(figures, org, known, root))


def make_week_report(root, week: Week | str, fmt: str, today: date | None = None) -> str:
    """The summary of `week` (a Week, or "2026-W47") in `fmt` (html, md, json), from the whole repository once validated.

    Invalid records stop it (ProblemsError, every problem listed), as they stop the monthly report.
    """
    from ...validate.pipeline import validated
    from . import SUMMARY

    week = week if isinstance(week, Week) else Week.parse(week)
    report = validated(root, summary=SUMMARY.format(what="前台周汇总", command="wutong report week"))
    return render(week_figures(report, week, today=today), report.org, report.known_names, fmt, root)

