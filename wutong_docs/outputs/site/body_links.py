"""Links and pictures in a record body, checked after Python-Markdown has built them.

Why a tree step and not a pattern on the source: Markdown has many ways to
write a link (inline, reference, with or without angle brackets, entities,
escapes), and only the finished `<a href>` / `<img src>` says what the reader's
browser will get. This step runs last, after Markdown has restored its
escapes, and asks `safe_urls` about each one:

- a link the rule refuses keeps its text and loses the link (a `<span>`);
- a picture from outside the site becomes a plain link to it (or text, if the
  link itself is refused), so opening a page never fetches from outside;
- an outside link is sent without the page's address (`rel="noreferrer"`).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from ...core.safe_urls import is_local_url, is_safe_url

REFUSED_CLASS = "wt-link-refused"
REFUSED_TITLE = "链接未启用：记录中只允许 http、https、mailto、tel 和站内链接"
OUTSIDE_IMAGE_CLASS = "wt-outside-image"


def _refuse(el: etree.Element) -> None:
    """The element keeps its text and children; its link is gone."""
    el.tag = "span"
    el.attrib.clear()
    el.set("class", REFUSED_CLASS)
    el.set("title", REFUSED_TITLE)


def _outside_image(el: etree.Element, in_link: bool) -> None:
    """An `<img>` from outside the site, turned into a link to it (or text) that names the picture.

    Inside a link it becomes text, since a link inside a link is not HTML.
    """
    src, alt = el.get("src", ""), el.get("alt", "")
    el.attrib.clear()
    el.text = f"图片：{alt or src}"
    if in_link:
        el.tag = "span"
    elif is_safe_url(src):
        el.tag = "a"
        el.set("href", src)
        el.set("class", OUTSIDE_IMAGE_CLASS)
        el.set("rel", "noreferrer")
    else:
        _refuse(el)


class _SafeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        todo = [(root, False)]                 # a stack, not recursion: bodies may nest deeply
        while todo:
            el, in_link = todo.pop()
            if el.tag == "a":
                href = el.get("href", "")
                if not is_safe_url(href):
                    _refuse(el)
                elif not is_local_url(href):
                    el.set("rel", "noreferrer")
            elif el.tag == "img" and not is_local_url(el.get("src", "")):
                _outside_image(el, in_link)
            todo += [(child, in_link or el.tag == "a") for child in el]


class SafeLinks(Extension):
    """Python-Markdown extension: every link and picture of the document passes `safe_urls`."""

    def extendMarkdown(self, md) -> None:
        # below 'unescape' (0), so hrefs are checked exactly as they will be written
        """Register the link check after every inline pattern, so each href is judged as it will be written."""
        md.treeprocessors.register(_SafeLinks(md), "wt_safe_links", -100)
