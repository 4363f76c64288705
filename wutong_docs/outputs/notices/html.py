"""Sheets -> one HTML document, with the department's templates; `context -> str`.

Everything a notice's author wrote is untrusted text: the Jinja environment
autoescapes, the body's Markdown is rendered with raw HTML turned off (so
`<script>` prints as text) with images printed as their description (nothing is fetched), and the
body is passed to the template as a value, never as template source (so
`{{ }}` in a notice prints as written). The sheets are published on the site
too, so links follow the site's one rule (`safe_urls.is_safe_url`): a refused
link prints as its text.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from ...core import templates
from ...core.dates import Month
from ...core.privacy import MASK_STAR, mask
from ...core.safe_urls import is_local_url, is_safe_url
from ...records.notice import KINDS, Notice, signature
from ...reference.org import Org
from .sheets import Sheet

_REFUSED = {"class": "wt-link-refused", "title": "链接未启用：记录中只允许 http、https、mailto、tel 和站内链接"}


def _safe_links(state) -> None:
    """A core rule: each finished link is checked by the site's rule; a refused one keeps only its text."""
    for block in state.tokens:
        refused = False
        for tok in block.children or ():
            if tok.type == "link_open":
                href = str(tok.attrGet("href") or "")
                refused = not is_safe_url(href)
                if refused:
                    tok.tag, tok.attrs = "span", dict(_REFUSED)
                elif not is_local_url(href):
                    tok.attrSet("rel", "noreferrer")
            elif tok.type == "link_close" and refused:   # links do not nest in CommonMark
                tok.tag, refused = "span", False


_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
# every link is parsed, so the one rule above decides, and a refused link shows its text as on the site
_MARKDOWN.validateLink = lambda url: True
_MARKDOWN.core.ruler.push("wt_safe_links", _safe_links)
# an image in a notice prints as its description: nothing is fetched while printing
_MARKDOWN.add_render_rule("image", lambda self, tokens, i, options, env: str(escape(f"［图：{tokens[i].content}］")))


def environment(root: Path | None = None) -> jinja2.Environment:
    """Templates from the records repository's templates/ first, then the shipped ones."""
    env = templates.environment(root, autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["cn_date"] = cn_date
    env.filters["yuan"] = yuan
    env.filters["cn_months"] = cn_months
    return env


def cn_date(day: date) -> str:
    """A date as Chinese notices write it: 2026年11月12日."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_months(span: str) -> str:
    """2026-07~2026-11 -> 2026年7月至2026年11月."""
    return "至".join(Month.parse(part).label() for part in span.split("~"))


def yuan(amount: Decimal) -> str:
    """An amount as a dunning letter prints it: thousands separated, two decimals."""
    return f"{amount:,.2f}"


# "尊敬的各位业主：" on a line of its own is a salutation: flush left, as Chinese letters set it
_SALUTATION = re.compile(r"<p>([^<>\n]{1,30}：)</p>")


def markdown(text: str, known_names: frozenset[str] | None = None) -> Markup:
    """A notice's body as HTML: the one renderer for it, on the printed sheet and on the site's card.

    With `known_names` (the site), personal numbers and those names are masked first; the
    masked characters pass Markdown as a placeholder, since `138****5678` would read as emphasis.
    """
    if known_names is not None:
        text = mask(text.replace(MASK_STAR, ""), known_names, star=MASK_STAR)
    html = _SALUTATION.sub(r'<p class="salutation">\1</p>', _MARKDOWN.render(text))
    return Markup(html.replace(MASK_STAR, "*"))


# the last few characters of a paragraph, a list item, a cell or a title, an entity counting as one
_LINE_END = re.compile(r"((?:&#?\w+;|[^<>&\s]){1,%d})(</(?:p|li|td|h1|h2|h3)>)" % 4)


def keep_line_ends(html: str) -> str:
    """Bind the last four characters of each paragraph, item, cell and title together (`white-space: nowrap`).

    Why: WeasyPrint breaks lines with Pango, which already keeps closing
    punctuation off the start of a line (UAX #14) but knows nothing of CSS
    `line-break` or of widows, so a paragraph could end with a line holding
    only `理。`. Four bound characters make the last line hold at least four.
    """
    return _LINE_END.sub(r'<span class="keep">\1</span>\2', html)


def render_html(env: jinja2.Environment, notice: Notice, sheets: list[Sheet], org: Org) -> str:
    """The notice's sheets as one HTML document, the same for `wutong notice render` and the site.

    `signed` is the notice's 落款 with the estate's default filled in (`notice.signature`);
    `phone` is the service centre's (org.yml), for the contact line.
    """
    template = env.get_template(f"notices/{notice.kind}.html.j2")
    return keep_line_ends(template.render(notice=notice, kind_label=KINDS[notice.kind], sheets=sheets,
                                          body=markdown(notice.body), signed=signature(notice, org),
                                          phone=org.phone))
