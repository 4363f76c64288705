"""Links and pictures in records: the one URL rule, both Markdown renderers, and every link of a built site.

A body may link only with http, https, mailto or tel, or within the site; a
picture may load only from within the site. The hostile inputs are the tricks
browsers fall for (case, spaces, control characters, character references,
reference links, autolinks); each is checked on the site's renderer
(Python-Markdown, `body_html`) and the notice sheets' (markdown-it), with an
independent reading of the written HTML, not with the rule under test.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import copy_fixture, wutong
from wutong_docs.outputs.notices.html import markdown as sheet_html
from wutong_docs.core.safe_urls import is_local_url, is_safe_url
from wutong_docs.outputs.site.escape import body_html
from wutong_docs.reference.git_server import GitServerError, git_server
from wutong_docs.outputs.site.page import Linker
from wutong_docs.outputs.site.render import TEMPLATES as SITE_TEMPLATES

REFUSED = ('<span class="wt-link-refused" title="链接未启用：记录中只允许 http、https、mailto、tel 和站内链接">'
           '{}</span>')

HOSTILE_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\tjavascript:alert(1)",
    "\x00javascript:alert(1)", "\x01 javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
    "java\rscript:alert(1)", "java&#x09;script:alert(1)", "java&#9;script:alert(1)", "java&Tab;script:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "javascript&colon;alert(1)", "javascript&#58;alert(1)",
    "&amp;#106;avascript:alert(1)", "javascript%3Aalert(1)", "%6Aavascript:alert(1)",
    "vbscript:msgbox(1)", "VBScript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
    "DATA:image/svg+xml;base64,PHN2Zz4=", "file:///etc/passwd", "FILE://server/share", "ftp://example.com/x",
    "blob:https://example.com/1", "about:blank", "c:\\windows\\win.ini", "jar:file:x!/",
    "//example.com/share", "\\\\example.com\\share", "/\\example.com/x", "\\/example.com/x", " //example.com",
    "%2F%2Fexample.com/x",
]
FINE_LINKS = ["https://example.com/", "http://example.com/a?b=1&c=2#d", "HTTPS://EXAMPLE.COM",
              "mailto:kefu@example.com", "tel:110", "../../index.html", "x.html#top", "#top", "?q=1", "",
              "/records/index.html", "records/slip/2026-11.html#S-20261126-wang-fang-01", "报修流程.html",
              "a%20b.html"]
LOCAL_PICTURES = ["../../assets/logo.png", "logo.png", "/assets/logo.png", "pic.png?v=2", "图/平面图.png"]
OUTSIDE_PICTURES = ["http://example.com/t.png", "https://example.com/t.png", "//example.com/t.png",
                    "\\\\example.com\\t.png", "HTTP://example.com/t.png", "mailto:a@example.com",
                    "data:image/png;base64,iVBORw0KGgo="]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_the_rule_refuses_script_and_other_schemes_however_written(url):
    assert not is_safe_url(url)
    assert not is_local_url(url)


@pytest.mark.parametrize("url", FINE_LINKS)
def test_the_rule_allows_web_mail_phone_and_in_site_links(url):
    assert is_safe_url(url)


@pytest.mark.parametrize("url", LOCAL_PICTURES)
def test_pictures_from_within_the_site_are_local(url):
    assert is_local_url(url)


@pytest.mark.parametrize("url", OUTSIDE_PICTURES)
def test_pictures_with_a_scheme_or_a_host_are_not_local(url):
    assert not is_local_url(url)


def test_a_url_that_keeps_decoding_is_refused_after_bounded_work():
    assert not is_safe_url("&" + "amp;" * 100 + "#106;avascript:x")
    assert not is_safe_url("x%" + "25" * 100 + "2e.html")
    assert is_safe_url("&amp;" * 200 + "x.html") and is_safe_url("https://example.com/?q=%2520")


# -- rendering --------------------------------------------------------------------------------
class _Written(HTMLParser):
    """The `href`s and `src`s as the browser reads them (attribute references decoded once)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs, self.srcs = [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "href":
                self.hrefs.append(value or "")
            elif name in ("src", "srcset", "action", "formaction", "background", "poster"):
                self.srcs.append(value or "")


def written(page: str) -> _Written:
    parser = _Written()
    parser.feed(page)
    return parser


def browser_scheme(url: str) -> str:
    """The scheme a browser gives `url` (WHATWG: trim C0 and space, drop tab/newline), or ''."""
    url = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    m = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
    return m.group(1).lower() if m else ""


def assert_harmless(page: str):
    found = written(page)
    for href in found.hrefs:
        assert browser_scheme(href) in ("", "http", "https", "mailto", "tel"), (href, page)
        assert browser_scheme(html.unescape(href)) in ("", "http", "https", "mailto", "tel"), (href, page)
        assert not href.replace("\\", "/").lstrip().startswith("//"), (href, page)
    assert not found.srcs or all(browser_scheme(s) == "" and not s.replace("\\", "/").startswith("//")
                                 for s in found.srcs), page
    assert "javascript" not in " ".join(found.hrefs + found.srcs).lower(), page


HOSTILE_BODIES = [f"[点我]({url.strip()})" for url in HOSTILE_URLS if "\n" not in url and " " not in url.strip()] + [
    "[点我][r]\n\n[r]: javascript:alert(1)",
    "[点我][r]\n\n[r]: JaVaScRiPt:alert(1)",
    "[点我][r]\n\n[r]: <javascript:alert(1)>",
    "[点我]\n\n[点我]: vbscript:x",
    "<javascript:alert(1)>", "<JAVASCRIPT:alert(1)>", "<data:text/html,x>", "<file:///etc/passwd>",
    "[点我](<javascript:alert(1)>)", "[点我]( javascript:alert(1) )", "[点我](javascript:alert(1) \"标题\")",
    "![图](http://example.com/t.png)", "![图](//example.com/t.png)", "![图](javascript:alert(1))",
    "![图][p]\n\n[p]: https://example.com/p.png", "[![图](http://example.com/t.png)](https://example.com/)",
    "| 表头 |\n| --- |\n| [点我](javascript:alert(1)) ![图](http://example.com/t.png) |",
    "1. 列表\n    - [点我](javascript:alert(1))",
    "> [点我](javascript:alert(1))",
    "[**粗** *斜*](javascript:alert(1))",
]


@pytest.mark.parametrize("body", HOSTILE_BODIES)
@pytest.mark.parametrize("render", [body_html, sheet_html], ids=["site", "sheet"])
def test_no_script_link_or_outside_picture_survives_either_renderer(render, body):
    assert_harmless(str(render(body)))


@pytest.mark.parametrize("render", [body_html, sheet_html], ids=["site", "sheet"])
@pytest.mark.parametrize("body", [
    "[点我](javascript:alert(1))", "[点我](JaVaScRiPt:alert(1))", "[点我]( javascript:alert(1))",
    "[点我](java&#x09;script:alert(1))", "[点我](&#106;avascript:alert(1))", "[点我](data:text/html,x)",
    "[点我](vbscript:x)", "[点我](file:///etc/passwd)", "[点我](//example.com/share)",
    "[点我][r]\n\n[r]: javascript:alert(1)",
])
def test_a_refused_link_shows_its_text_only(render, body):
    assert str(render(body)).rstrip("\n") == f"<p>{REFUSED.format('点我')}</p>"


def test_a_refused_link_keeps_its_emphasis():
    assert body_html("[**粗**](javascript:1)") == f"<p>{REFUSED.format('<strong>粗</strong>')}</p>"
    assert sheet_html("[**粗**](javascript:1)") == f"<p>{REFUSED.format('<strong>粗</strong>')}</p>\n"


def test_an_autolink_to_script_is_text_on_both():
    assert body_html("<javascript:alert(1)>") == "<p>&lt;javascript:alert(1)&gt;</p>"
    assert sheet_html("<javascript:alert(1)>") == f"<p>{REFUSED.format('javascript:alert(1)')}</p>\n"


def test_allowed_links_stay_links_and_outside_ones_send_no_referrer():
    source = "[官网](https://example.com/) [邮件](mailto:a@example.com) [电话](tel:110) [流程](../x.html#a) [顶](#top)"
    expected = ('<p><a href="https://example.com/" rel="noreferrer">官网</a> '
                '<a href="mailto:a@example.com" rel="noreferrer">邮件</a> <a href="tel:110" rel="noreferrer">电话</a> '
                '<a href="../x.html#a">流程</a> <a href="#top">顶</a></p>')
    assert body_html(source) == expected
    assert sheet_html(source) == expected + "\n"


def test_an_outside_picture_becomes_a_plain_link_to_it():
    assert body_html("![平面图](http://example.com/t.png)") == (
        '<p><a class="wt-outside-image" href="http://example.com/t.png" rel="noreferrer">图片：平面图</a></p>')
    assert body_html("![](https://example.com/t.png)") == (
        '<p><a class="wt-outside-image" href="https://example.com/t.png" rel="noreferrer">'
        '图片：https://example.com/t.png</a></p>')


def test_a_picture_that_is_not_even_a_fine_link_is_text():
    assert body_html("![图](//example.com/t.png)") == f"<p>{REFUSED.format('图片：图')}</p>"
    assert body_html("![图](javascript:alert(1))") == f"<p>{REFUSED.format('图片：图')}</p>"


def test_an_outside_picture_inside_a_link_is_text_in_that_link():
    assert body_html("[![图](http://example.com/t.png)](https://example.com/)") == (
        '<p><a href="https://example.com/" rel="noreferrer"><span>图片：图</span></a></p>')


def test_a_picture_within_the_site_stays_a_picture():
    assert body_html("![平面图](../../assets/plan.png)") == '<p><img alt="平面图" src="../../assets/plan.png"></p>'


def test_notice_sheets_still_print_pictures_as_their_description():
    assert sheet_html("![平面图](../../assets/plan.png)") == "<p>［图：平面图］</p>\n"
    assert sheet_html("![平面图](http://example.com/t.png)") == "<p>［图：平面图］</p>\n"


# -- everywhere else a value becomes a link --------------------------------------------------
def test_a_page_link_never_reads_as_a_scheme():
    """Page names come from validated ids, but a link is built only through Linker, which holds the line."""
    here = "records/people/li-na-2026.html"
    odd = "records/people/javascript:alert(1)-2026.md"
    link = Linker(here, {odd: odd.replace(".md", ".html")})
    assert link(odd, "x") == "./javascript:alert(1)-2026.html#x"
    assert Linker(here, {})("records/index.md") == "../index.md"


def test_every_template_link_is_built_by_the_linker_or_is_an_anchor():
    """A template that wrote `href="{{ record.value }}"` would bypass the rule; none does. The one link out of the
    site, 在线修改, is the Git server's: an http(s) address mkdocs.yml names (`git_server`), the path quoted."""
    for template in sorted(SITE_TEMPLATES.glob("*.j2")):
        for value in re.findall(r'(?:href|src)="([^"]*)"', template.read_text(encoding="utf-8")):
            assert value.startswith(("{{ link(", "#", "sheets/{{ p.month }}-{{ r.slug }}",
                                     "{{ data.server.edit_url(p.record.source.path) }}")), (template.name, value)


def test_the_edit_link_is_the_git_servers_own_and_quotes_the_path():
    server = git_server("https://git.example.org/a/records", None)
    assert server.edit_url('records/logs/x"><script>.md') == \
        "https://git.example.org/a/records/_edit/main/records/logs/x%22%3E%3Cscript%3E.md"
    with pytest.raises(GitServerError):
        git_server("javascript:alert(1)//", None)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = copy_fixture("good", tmp_path_factory.mktemp("hostile") / "repo")
    copy_fixture("hostile_links", root)
    result = wutong(root, "build")
    assert result.exit_code == 0, result.output
    return root / "site"


class _AllUrls(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [(tag, name, value or "") for name, value in attrs
                      if name in ("href", "src", "srcset", "action", "formaction", "poster", "data")]


def test_every_url_on_every_page_of_a_hostile_site_obeys_the_rule(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    shown = 0
    for page in pages:
        parser = _AllUrls()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, name, value in parser.urls:
            if tag == "a" and name == "href":
                assert is_safe_url(value), (page, value)
            else:                      # stylesheets, scripts, icons, pictures: only from the site
                assert is_local_url(value), (page, tag, name, value)
        shown += "脚本 inline" in page.read_text(encoding="utf-8")
    assert shown == 6                  # five record pages and the notice's printed sheet
