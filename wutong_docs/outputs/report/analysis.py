"""The analysis section 分析与整改: the supervisor's own words for the month, and the figures that disagree.

The body of `records/reports/YYYY-MM.md` is included as written: Markdown, so the
supervisor's lists and emphasis survive, but never raw HTML, and masked like every
text that leaves the records (an owner's phone typed into it does not leave). Its
headings move one level down, under the section's own heading. Beside it, the
reconciliation warnings (`reconcile.py`) of the month's minutes and analysis, so the
report says where a figure written by hand disagrees with the one computed.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

from ...core.dates import Month
from ...core.privacy import MASK_STAR, mask
from ...records.analysis import MonthlyAnalysis, path_for
from ...validate.reconcile import CODES

_PARSER = MarkdownIt("commonmark")


def analysis_section(report, month: Month) -> dict:
    """{"file": the analysis's path or None, "body": its text ("" when none), "warnings": reconciliation lines}.

    The warnings are those of the month's analysis and of the monthly minutes held in the month.
    """
    path = path_for(str(month))
    record = next((r for r in report.records if isinstance(r, MonthlyAnalysis) and r.source.path == path), None)
    minutes = f"records/minutes/{month.folder}/"
    warnings = [p.as_text() for p in report.problems if p.code in CODES
                and (p.path == path or (p.path.startswith(minutes) and p.path.endswith("-monthly.md")))]
    return {"file": path if record else None, "body": record.body if record else "", "warnings": warnings}


def body_markdown(body: str, known: frozenset[str]) -> Markup:
    """The analysis as Markdown for the report: masked, HTML shown as text, headings one level down."""
    masked = mask((body or "").replace(MASK_STAR, ""), known, star=MASK_STAR)
    text = masked.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")   # entities Markdown keeps as text
    lines = text.split("\n")
    for token in _PARSER.parse(masked):
        if token.type == "heading_open" and token.map and token.markup.startswith("#"):
            row = token.map[0]
            lines[row] = "#" + lines[row].lstrip(" ")
    return Markup("\n".join(lines).replace(MASK_STAR, "\\*"))
