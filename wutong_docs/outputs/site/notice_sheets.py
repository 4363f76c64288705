"""Every board notice's print-ready sheets, published beside its month page.

Staff browsing the site see what went up on each unit board, exactly as
`wutong notice render` prints it: one HTML file per notice, one A4 sheet per
board, linked from the notice's card. Dunning letters never get here: they are
private (one per household) and `kinds.published` keeps them off the site.
"""

from __future__ import annotations

from ...records.notice import Notice
from ..notices.html import environment, render_html
from ..notices.sheets import sheets_for
from .data import SiteData, sheet_uri


def sheet_files(data: SiteData) -> dict[str, str]:
    """URI -> the rendered sheets, for every published board notice that has sheets to print."""
    env = environment(data.root)
    out = {}
    for placed in data.placed:
        if not isinstance(placed.record, Notice):
            continue
        notice = placed.record
        arrears = data.arrears.get(notice.arrears) if notice.arrears else None
        sheets = sheets_for(notice, data.org, arrears)
        if sheets:
            out[sheet_uri(placed)] = render_html(env, notice, sheets, data.org)
    return out
