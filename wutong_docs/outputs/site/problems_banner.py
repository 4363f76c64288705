"""The banner a preview (`wutong serve`) puts on every page while some records have errors.

Why: a record is a draft until it is filled in, and the preview leaves such
records out rather than stopping (`plugin.py`). The person writing it must
still see why it is missing, without a terminal: each problem as
`path:line: error CODE message`, then the code's usual fix, the way
`wutong validate` and `wutong check` say it. Values are escaped and masked
like every other text that leaves the records.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ...core.privacy import mask
from ...core.problems import CODES, Problem

SHOWN = 50  # a preview with more problems than this lists the first ones and says how many more


def banner(problems: list[Problem], known_names: frozenset[str] = frozenset()) -> str:
    """HTML for the top of a page: the records left out of the preview and what to do about each problem."""
    files = len({p.path for p in problems})
    items = [Markup("<li><code>{}</code><br>处理：{}</li>").format(mask(p.as_text(), known_names), CODES[p.code].fix)
             for p in problems[:SHOWN]]
    more = len(problems) - SHOWN
    if more > 0:
        items.append(Markup("<li>另有 {} 个错误：运行 wutong validate 查看全部</li>").format(more))
    title = escape(f"{files} 份记录有错误，暂不在预览中显示：改正后保存，页面会自动刷新")
    return str(Markup('<div class="admonition failure wutong-problems"><p class="admonition-title">{}</p>'
                      "<ul>{}</ul></div>\n").format(title, Markup("").join(items)))
