"""A generated page before rendering: a Markdown skeleton plus HTML blocks rendered later.

Why two parts: headings stay Markdown, so mkdocs builds the table of contents
and permalinks as for any page; the bulk (record cards, tables of hundreds of
rows) is HTML from autoescaped Jinja templates. Passing that bulk through
Python-Markdown would cost seconds per thousand records and risk Markdown
reading syntax into data; instead the skeleton holds a comment placeholder per
block, and the plugin swaps in the rendered blocks after Markdown has run
(`on_page_content`), when each page's own URL is known so links can be relative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mkdocs.utils import get_relative_url

from ...core.markdown_text import md_text
from ...core.safe_urls import is_safe_url

PLACEHOLDER = re.compile(r"<!-- wt-block (\d+) -->")


def safe_title(text: str) -> str:
    """Page titles reach the theme's templates unescaped: keep markup characters out of them."""
    return re.sub(r"[<>&\"{}]", "", " ".join(str(text).split()))


@dataclass
class Page:
    """A generated page: its Markdown (headings for the table of contents) and HTML blocks rendered later with links."""
    src_uri: str
    title: str
    in_nav: bool = False
    searchable: bool = True           # whether its text goes into the search index
    order: int = 50                   # search results: lower first (handbook before records)
    wide: bool = False                # hide the table of contents, giving wide tables the room
    nav_title: str | None = None      # a shorter title in the navigation (主管, not 主管 岗位职责)
    cached: bool = False              # its blocks may come from the site cache (`cache.py`): their templates read
                                      # only what the cache tracks
    parts: list[str] = field(default_factory=list)
    blocks: list[tuple[str, dict]] = field(default_factory=list)

    def __post_init__(self):
        self.parts.append(f"# {md_text(safe_title(self.title))}")

    def heading(self, level: int, text: str, anchor: str | None = None) -> "Page":
        """A heading whose text is escaped, with an anchor when given."""
        suffix = f" {{#{anchor}}}" if anchor else ""
        self.parts.append(f"{'#' * level} {md_text(text)}{suffix}")
        return self

    def markdown(self, trusted: str) -> "Page":
        """Markdown the site itself produced (e.g. a calendar from `wutong calendar`), not record data."""
        self.parts.append(trusted)
        return self

    def html(self, template: str, **context) -> "Page":
        """A placeholder for an HTML block, rendered once page URLs are known (so links can be relative)."""
        self.parts.append(f"<!-- wt-block {len(self.blocks)} -->")
        self.blocks.append((template, context))
        return self

    @property
    def source(self) -> str:
        """The Markdown mkdocs reads for this page."""
        meta = "---\nhide: [toc]\n---\n\n" if self.wide else ""
        return meta + "\n\n".join(self.parts) + "\n"


class Linker:
    """Relative links from one page to any generated or hand-written page, whatever the URL style."""

    def __init__(self, here_url: str, urls: dict[str, str]):
        self.here, self.urls = here_url, urls

    def __call__(self, src_uri: str, anchor: str | None = None) -> str:
        url = get_relative_url(self.urls.get(src_uri, src_uri), self.here)
        if not is_safe_url(url):        # a page named `x:…` beside this one would read as scheme `x:`
            url = "./" + url
        return f"{url}#{anchor}" if anchor else url
