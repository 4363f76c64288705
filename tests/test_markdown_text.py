"""`markdown_text.md_text`: the one escaper for values in generated Markdown (site headings, calendar).

Each value is put where generated Markdown puts values (a heading, a table cell,
a numbered list item), rendered by Python-Markdown with the site's extensions,
and must show exactly its own characters, with no markup made from it.
"""

from __future__ import annotations

import html
import re

import markdown
import pytest

from wutong_docs.outputs.calendar import render as calendar_render
from wutong_docs.core.markdown_text import md_text
from wutong_docs.outputs.site import page

EXTENSIONS = ["toc", "tables", "admonition", "attr_list", "sane_lists"]  # as in the shipped mkdocs.yml
CONTEXTS = {
    "heading": ("## {}", r"<h2[^>]*>(.*?)</h2>"),
    "cell": ("| a | b |\n| --- | --- |\n| {} | x |", r"<td>(.*?)</td>"),
    "list": ("1. {}", r"<li>(.*?)</li>"),
}
VALUES = ["a~b", "a*b*c", "a_b_c", "1. x", "1) x", "- x", "+ x", "# x", "x #", "[a](b)", "![p](q.png)",
          "<b>x</b>", "a|b", "a & b", "&amp;", "{#id}", "x {: .cls}", "a\\b", "`code`", "<http://x.cn>",
          "费用的催缴(短信、电话)", "08:25-09:00 3.5元"]


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("value", VALUES)
def test_a_value_shows_as_its_own_characters_and_makes_no_markup(value, context):
    source, shown = CONTEXTS[context]
    out = markdown.markdown(source.format(md_text(value)), extensions=EXTENSIONS)
    inner = re.search(shown, out, re.S)
    assert inner, out
    assert not re.search(r"<(?!/?(td|th|li|h2)\b)", inner.group(1)), out  # no tag made from the value
    assert html.unescape(inner.group(1)) == value


def test_it_is_one_line_and_leaves_plain_text_and_brackets_as_they_are():
    assert md_text("  关于\n停水\t的通知 ") == "关于 停水 的通知"
    assert md_text("费用的催缴(短信、电话) 3.5元") == "费用的催缴(短信、电话) 3.5元"


def test_the_site_and_the_calendar_use_this_one_function():
    assert page.md_text is md_text
    assert calendar_render._environment(None).filters["cell"] is md_text
