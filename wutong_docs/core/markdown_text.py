"""A value from a record as literal Markdown text: the one escaper for every generated Markdown.

Generated Markdown puts record and duty-book values into headings (the site's
page titles, the calendar's title and note groups), table cells (the calendar's
month grid) and list items (the calendar's notes). In each of these a value must
show as the characters it contains: no emphasis, link, code, HTML, attribute
list or table syntax may survive, and `|` must not end a cell. One function
serves all of them, so the site and `wutong calendar --format md` cannot drift.
"""

from __future__ import annotations

import re

from markupsafe import Markup

# characters Python-Markdown (with the tables and attr_list extensions) reads as syntax anywhere in a line;
# `(`, `)` and `!` need no escape, since no `[` survives to open a link or picture
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~<>&])")
# what makes a list item only at the start of a value: `- x`, `+ x`, `1. x`, `1) x`
_LINE_START = re.compile(r"^(\d*)([+\-.)])")
# written as entities: Markdown has no backslash escape for these (`\~` would show its backslash)
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;", "~": "&#126;"}


def md_text(value) -> Markup:
    """`value` on one line as literal inline Markdown, also safe as HTML (hence Markup for autoescaping templates)."""
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(lambda m: _ENTITY.get(m.group(1)) or "\\" + m.group(1), text)
    return Markup(_LINE_START.sub(r"\1\\\2", text))
