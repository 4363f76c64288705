"""The site's pure parts: escaping, cadence wording, the search index's keys and sections."""

from __future__ import annotations

import base64

import markdown

from wutong_docs.reference.duty_book import Cadence
from wutong_docs.core.markdown_text import md_text
from wutong_docs.outputs.site.escape import body_html
from wutong_docs.outputs.site.page import Page, safe_title
from wutong_docs.outputs.site.roles_pages import cadence_text
from wutong_docs.outputs.site.search_index import encode, grams, sections, text_of


def render_md(text: str) -> str:
    return markdown.Markdown(extensions=["tables", "toc", "attr_list"]).convert(text)


def test_md_text_leaves_no_markdown_or_html():
    hostile = "<script>x</script> *a* _b_ [l](u) `c` | {{ t }} # h & 1."
    html = render_md(f"## {md_text(hostile)}\n\n| a |\n| --- |\n| {md_text(hostile)} |\n")
    assert "<script>" not in html and "<em>" not in html and "<a " not in html and "<code>" not in html
    assert html.count("<td>") == 1
    assert "&lt;script&gt;x&lt;/script&gt; *a* _b_ [l](u) `c` &#124; {{ t }} # h &amp; 1." in html


def test_body_keeps_markdown_but_not_html_and_masks_numbers():
    html = body_html("1. 换水龙头 <img src=x onerror=alert(1)>\n2. 回电 13812345678\n")
    assert "<ol>" in html and "<img" not in html and "&lt;img" in html
    assert "138****5678" in html and "13812345678" not in html


def test_safe_title_drops_markup_characters():
    assert safe_title("<b>李娜</b> {{x}}") == "b李娜/b x"
    assert Page("x.md", "<i>").source.startswith("# i")


def test_cadence_text_reads_like_the_duty_book():
    from datetime import time
    assert cadence_text(Cadence(every="month", days=(1, 10))) == "每月 1日至10日"
    assert cadence_text(Cadence(every="month", days=(20, 31))) == "每月 20日至月末"
    assert cadence_text(Cadence(every="week", weekdays=(4,), at=time(14, 0))) == "每周五 14:00"
    assert cadence_text(Cadence(every="workday", start=time(8, 25), end=time(9, 0))) == "工作日 08:25–09:00"
    assert cadence_text(Cadence(limit_days=0)) == "常设规定：不得过夜"


def test_grams_cover_every_substring_of_a_run():
    keys = grams("单元门禁卡失灵，3-2-501")
    for fragment in ("禁卡", "门禁", "元门", "灵", "50", "01", "3", "2"):
        assert fragment in keys
    assert "灵3" not in keys and "，" not in keys   # punctuation separates runs


def test_sections_split_record_cards_and_headings():
    cards = ('<h1 id="t">T</h1><p>intro</p><article class="wt-record" id="S-1" data-title="传递单 S-1">'
             '<h3>S-1<a class="headerlink" href="#S-1">¶</a></h3><p>门<strong>禁卡</strong></p></article>')
    parts = sections(cards, "页")
    assert parts[0][0] == "" and "intro" in parts[0][2]
    assert parts[1] == ("S-1", "传递单 S-1", "S-1 门禁卡")
    page = '<h1 id="x">标题</h1><p>甲</p><h2 id="a">小节<a class="headerlink" href="#a">¶</a></h2><p>乙</p>'
    assert sections(page, "页") == [("", "页", "标题 甲"), ("a", "小节", "小节 乙")]


def test_text_of_separates_blocks_and_joins_inline():
    assert text_of("<td>门</td><td>禁</td>") == "门 禁"
    assert text_of("<p>装修<em>垃圾</em></p>&lt;x&gt;") == "装修垃圾 <x>"


def test_encode_is_base36_gaps_or_a_bitmap_when_shorter():
    assert encode([3, 4, 40]) == "3.1.10"
    assert encode([0]) == "0"
    dense = list(range(0, 200, 2))
    code = encode(dense)
    assert code.startswith("~")
    bits = base64.b64decode(code[1:] + "=" * (-(len(code) - 1) % 4))
    assert [n for n in range(len(bits) * 8) if bits[n >> 3] >> (n & 7) & 1] == dense


def test_a_kind_the_site_does_not_know_is_dated_by_its_folders():
    from datetime import date
    from types import SimpleNamespace

    from wutong_docs.outputs.site.kinds import GENERIC
    record = SimpleNamespace(source=SimpleNamespace(path="records/visits/2026/11/x.md"))
    assert GENERIC.day(record) == date(2026, 11, 1)
    assert GENERIC.day(SimpleNamespace(date=date(2026, 3, 2), source=record.source)) == date(2026, 3, 2)


def test_personal_data_kinds_and_private_letters_are_not_published():
    from types import SimpleNamespace

    from wutong_docs.records import KINDS
    from wutong_docs.outputs.site.kinds import published
    kind = {k.name: k for k in KINDS}
    assert not published(kind["arrears"], SimpleNamespace())
    assert not published(kind["notice"], SimpleNamespace(on_board=False))
    assert published(kind["notice"], SimpleNamespace(on_board=True))
    assert published(kind["slip"], SimpleNamespace())


def test_the_site_asks_the_kind_how_to_place_and_name_its_records():
    import dataclasses
    from datetime import date
    from types import SimpleNamespace

    from wutong_docs.records import LOG
    from wutong_docs.records.kind import SiteView
    from wutong_docs.outputs.site.data import Placed
    from wutong_docs.outputs.site.kinds import GENERIC, view
    from wutong_docs.outputs.site.people_pages import short

    own = SiteView(lambda r: date(2026, 1, 2), lambda r: {}, lambda r: (), short=lambda r, day: f"第{day.day}天")
    kind = dataclasses.replace(LOG, name="visit", site_view=own)
    placed = Placed(SimpleNamespace(), kind, date(2026, 1, 2), "records/visit/2026-01.md", "v-1", {})
    assert view(kind) is own and short(placed) == "第2天"
    plain = dataclasses.replace(placed, kind=dataclasses.replace(kind, site_view=None))
    assert view(plain.kind) is GENERIC and short(plain) == "v-1"
