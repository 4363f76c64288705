"""The Markdown extension `wutong build --engine zensical` adds: it does, inside Zensical, what the plugin's on_page_content does.

Why an extension: Zensical 0.0.x runs no mkdocs plugins, but it renders every
page with Python-Markdown and the extensions its configuration lists, in the
process that called `zensical.build`. Each staged page ends with a marker
comment naming its number (`<!-- wt-page 12 -->`); this extension's
postprocessor, run on the page's finished HTML, removes the marker, puts the
page's rendered HTML blocks in place (`plugin.fill_blocks`, the same function
the mkdocs plugin calls, with links relative to the page's URL) and hands the
HTML to the Chinese search index (which masks each section's text once more; the
written page is masked once more by `zensical_build`). So both engines produce the same blocks and
the same index from one implementation.

The staging build sets `ACTIVE` (a `Staged`) for the time of its build only;
outside it the extension is inert, and a page Zensical did not render through
it is found afterwards (`Staged.rendered`).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from markdown import Extension
from markdown.postprocessors import Postprocessor

MARKER = "<!-- wt-page {} -->"
_MARKER = re.compile(r"\n?<!-- wt-page (\d+) -->")


@dataclass
class StagedPage:
    """One page of the staging folder: where it comes from and how the search lists it."""
    src_uri: str
    url: str
    title: str
    spec: object = None        # the generated page (page.Page), or None for a handbook page


@dataclass
class Staged:
    """Everything the extension needs while Zensical renders the staged pages."""
    pages: list[StagedPage]
    urls: dict                 # src_uri -> url of every page, for relative links
    data: object               # data.SiteData
    search: object = None      # search_index.SearchIndex, or None when the site has no search
    rendered: set = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


ACTIVE: Staged | None = None


def finish(html: str, staged: Staged) -> str:
    """The page's HTML with its marker gone and its blocks in place; the page goes into the search index."""
    from .plugin import fill_blocks, rank

    found = _MARKER.search(html)
    if found is None:
        return html
    number = int(found.group(1))
    page = staged.pages[number]
    html = html[:found.start()] + html[found.end():]
    html = fill_blocks(html, page.spec, page.url, staged.urls, staged.data)
    with staged.lock:
        staged.rendered.add(number)
        if staged.search is not None and (page.spec is None or page.spec.searchable):
            staged.search.add(page.url, page.title, html, rank(page.src_uri, page.spec))
    return html


class _Finish(Postprocessor):
    def run(self, text: str) -> str:
        return text if ACTIVE is None else finish(text, ACTIVE)


class WutongPagesExtension(Extension):
    """Registers the postprocessor last, after raw HTML (the markers and placeholders) is back in place."""
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        """Priority 0: after Python-Markdown has put raw HTML (our comments) back, before nothing else."""
        md.postprocessors.register(_Finish(md), "wutong_pages", 0)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    """Python-Markdown loads the extension by this module's name."""
    return WutongPagesExtension(**kwargs)
