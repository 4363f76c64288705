"""Turning record values into text that stays text on a page.

Front matter is written by many hands: a slip note may hold `<script>`, a `|`
that would end a Markdown table cell, or `{{` that a template engine might
try to evaluate. Every value that reaches a generated page goes through one of
these functions, so a value can only ever show as the characters it contains.
HTML blocks are rendered by the autoescaping Jinja environment (`render.py`);
these helpers cover record bodies and attributes; a value that goes into
Markdown (headings, which the table of contents needs) passes
`markdown_text.md_text`, the escaper the calendar's Markdown uses too.
"""

from __future__ import annotations

import markdown
from markupsafe import Markup, escape

from ...core.privacy import MASK_STAR, mask
from .body_links import SafeLinks

# SafeLinks: only http(s), mailto, tel and in-site links; no picture from outside (safe_urls.py)
_BODY = markdown.Markdown(extensions=["tables", "sane_lists", SafeLinks()], output_format="html")


def body_html(text: str, known_names: frozenset[str] = frozenset()) -> Markup:
    """A record's Markdown body as HTML, personal numbers masked, any HTML in it shown as text.

    Staff write Markdown (lists, emphasis) in bodies, so it is rendered; raw
    HTML is not, since a body is data, not page markup.
    """
    # masked characters go through Markdown as a placeholder: `138****5678` would read as bold
    masked = mask((text or "").replace(MASK_STAR, ""), known_names, star=MASK_STAR)
    source = str(escape(masked))  # &, <, > and quotes become entities Markdown keeps as text
    _BODY.reset()
    return Markup(_BODY.convert(source).replace(MASK_STAR, "*"))


def attr(value) -> Markup:
    """A value for an HTML attribute (a data-title): on one line and escaped."""
    return escape(" ".join(str(value).split()))

