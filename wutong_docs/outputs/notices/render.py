"""`wutong notice render`: validate, build the sheets, render, then write.

Reading and checking come first and nothing is written until the HTML (and the
PDF) are complete, so a failed run leaves no half-written file. Output never
goes into records/: a render cannot overwrite a record.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...core.errors import ProblemsError, WutongError
from ...records import NOTICE, kind_of
from ...records.notice import Notice
from ...validate.pipeline import validated
from .html import environment, render_html
from .sheets import Sheet, sheets_for


class NoticeError(WutongError):
    """A notice that cannot be rendered; the message says why and what to do."""


@dataclass(frozen=True)
class Rendered:
    """A notice ready to write: the record, its sheets and their HTML (the PDF is made from that HTML)."""
    notice: Notice
    sheets: list[Sheet]
    html: str


def render_notice(root: Path, rel: str) -> Rendered:
    """Validate one notice and lay out its sheets as HTML; nothing is written, so a failure leaves no half file."""
    kind = kind_of(rel)
    if kind is not NOTICE:
        raise NoticeError(f"{rel} 不是公示栏通知：通知放在 records/notices/YYYY/MM/名称.md")
    report = validated(root, [rel], summary="通知有错误，未生成；请先改正（wutong validate 可再次检查）")
    notice = next((r for r in report.records if isinstance(r, Notice)), None)
    if notice is None:  # not read at all (a pipe, say): validate only warned
        raise ProblemsError(report.problems, "通知无法读取，未生成")
    arrears = report.arrears.get(notice.arrears) if notice.arrears else None
    sheets = sheets_for(notice, report.org, arrears)
    if not sheets:
        raise NoticeError(f"{rel} 没有要印的页：units 所选单元在 org.yml 中不存在，或欠费名单中没有这些单元的住户")
    return Rendered(notice, sheets, render_html(environment(root), notice, sheets, report.org))


def to_pdf(rendered: Rendered) -> bytes:
    """The rendered sheets as PDF, refused (NoticeError) when a sheet's text does not fit one A4 page."""
    from .pdf import html_to_pdf

    pdf = html_to_pdf(rendered.html)
    if pdf.overfull and pdf.pages == len(rendered.sheets):
        places = "、".join(rendered.sheets[n - 1].place for n in pdf.overfull[:5])
        raise NoticeError(f"正文太长，一张 A4 放不下（{places}{' 等' if len(pdf.overfull) > 5 else ''}）："
                          "请精简正文，或拆成两份通知；未生成 PDF")
    if pdf.pages != len(rendered.sheets):
        raise NoticeError(f"排版后共 {pdf.pages} 页，应为 {len(rendered.sheets)} 页（每张一页 A4）："
                          "正文太长，或模板改动后一张放不下；请精简正文，或检查 templates/notices/ 的版式")
    return pdf.data
