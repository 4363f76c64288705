"""Slip numbers and staff ids in a record's running text, linked to their pages.

Why after Markdown: a body says "见 S-20261126-wang-fang-01" or "交 li-na 跟进"
in plain words; the finished HTML tells text from markup, so only text outside
tags and outside existing links is touched, and only ids the site knows become
links (an unknown number stays text: `wutong validate` reports it). Homes
(3-2-501) have no page of their own and stay text.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from .data import targets

# ASCII bounds, not \w: in "传递单S-20261109-huang-jing-01派" the Chinese characters are the bounds
_ID = re.compile(r"(?<![A-Za-z0-9_-])(?:S-\d{8}-[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{2}|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)"
                 r"(?![A-Za-z0-9_-])")
TAG = re.compile(r"(<[^>]+>)")


def link_ids(html: str, data, link) -> Markup:
    """`html` with every known slip number and staff id in its text made a link (through the site's `link`)."""
    if data is None or link is None:
        return Markup(html)
    # SiteData (or the site cache's recorder, which notes each lookup); any other object: its ids worked out here
    lookup = data.id_target if hasattr(data, "id_target") else targets(data).get

    def replace(m: re.Match) -> str:
        target = lookup(m.group(0))
        if target is None:
            return m.group(0)
        return f'<a class="wt-id-link" href="{link(*target)}">{m.group(0)}</a>'

    out, in_link = [], 0
    for part in TAG.split(str(html)):
        if part.startswith("<"):
            if re.match(r"<a[\s>]", part):
                in_link += 1
            elif part.startswith("</a"):
                in_link = max(0, in_link - 1)
            out.append(part)
        elif in_link or not part:
            out.append(part)
        else:
            out.append(_ID.sub(replace, part))
    return Markup("".join(out))
