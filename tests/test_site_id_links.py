"""Slip numbers and staff ids in running text link to their pages (issue 13)."""

from __future__ import annotations

from types import SimpleNamespace

from test_site_build import built, read  # noqa: F401  (the fixture)
from wutong_docs.outputs.site.id_links import link_ids


def test_slip_numbers_in_a_weekly_report_link_to_the_slip(built):  # noqa: F811
    html = read(built, "records/weekly/2026-11.html")
    assert ('开具内部工作信息传递单<a class="wt-id-link" href="../slip/2026-11.html#S-20261109-huang-jing-01">'
            'S-20261109-huang-jing-01</a>派财务部') in html


def test_only_known_ids_in_text_become_links():
    slip = SimpleNamespace(kind=SimpleNamespace(name="slip"), record=SimpleNamespace(id="S-20261109-li-na-01"),
                           page="records/slip/2026-11.md", anchor="S-20261109-li-na-01", people={"li-na": "开单"},
                           day=SimpleNamespace(year=2026))
    data = SimpleNamespace(placed=[slip], org=SimpleNamespace(staff={"li-na": object()}))

    def link(uri, anchor=None):
        return f"/{uri}#{anchor}" if anchor else f"/{uri}"
    html = ('<p>见S-20261109-li-na-01和S-20261109-li-na-02，交li-na跟进，不是x-li-na；'
            '<a href="/x">S-20261109-li-na-01</a></p>')
    assert str(link_ids(html, data, link)) == (
        '<p>见<a class="wt-id-link" href="/records/slip/2026-11.md#S-20261109-li-na-01">S-20261109-li-na-01</a>'
        '和S-20261109-li-na-02，交<a class="wt-id-link" href="/records/people/li-na-2026.md">li-na</a>跟进，'
        '不是x-li-na；<a href="/x">S-20261109-li-na-01</a></p>')
