"""The department's sample notices (records/notices/2026/11 and 2026/12) as printed: one page per board, right text.

They are read from the frozen copy in tests/fixtures/sample. Each sample is
rendered once to PDF; the tests count its pages, read the text of each page,
and check that no name, phone, room or amount of any arrears list in
records/arrears/ appears on a sheet that goes on a board.
"""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest

from conftest import SAMPLE, wutong
from wutong_docs.reference.org import load_org
from wutong_docs.records.notice import KINDS, signature

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")

SAMPLES = sorted((SAMPLE / "records/notices/2026").glob("1[12]/*.md"))
ORG = load_org(SAMPLE)[0]


def arrears_rows():
    for path in sorted((SAMPLE / "records/arrears").glob("*/*/*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as f:
            yield from csv.DictReader(f)


@pytest.fixture(scope="module")
def printed():
    """Sample path -> (notice, sheets, text of each PDF page)."""
    from wutong_docs.outputs.notices.render import render_notice, to_pdf

    out = {}
    for path in SAMPLES:
        rel = path.relative_to(SAMPLE).as_posix()
        rendered = render_notice(SAMPLE, rel)
        reader = pypdf.PdfReader(io.BytesIO(to_pdf(rendered)))
        out[rel] = (rendered.notice, rendered.sheets, [re.sub(r"\s+", "", p.extract_text()) for p in reader.pages])
    return out


def test_every_kind_in_both_months():
    for month in ("11", "12"):
        kinds = {re.search(r"^kind: (\w+)$", p.read_text(encoding="utf-8"), re.M).group(1)
                 for p in SAMPLES if p.parent.name == month}
        assert kinds == set(KINDS), month


def test_samples_and_arrears_lists_validate_cleanly():
    result = wutong(SAMPLE, "validate", str(SAMPLE / "records/notices"), str(SAMPLE / "records/arrears"),
                    str(SAMPLE / "records/org.yml"))
    assert (result.exit_code, result.stdout) == (0, "")


def test_one_page_per_board_with_the_board_title_and_signature(printed):
    every_board = [(b.id, u) for b in ORG.buildings.values() for u in b.units]
    for rel, (notice, sheets, pages) in printed.items():
        assert len(pages) == len(sheets) > 0, rel
        if notice.units == ("all",) and notice.on_board:
            assert [s.board for s in sheets] == every_board, rel
        title = re.sub(r"\s+", "", notice.title)
        for page, sheet in zip(pages, sheets):
            assert sheet.place in page and title in page, (rel, sheet.place)
            assert signature(notice, ORG) in page and f"{notice.posted.year}年{notice.posted.month}月{notice.posted.day}日" in page


def test_outage_notices_go_only_to_the_building_concerned(printed):
    assert [s.place for s in printed["records/notices/2026/11/building-9-water-outage.md"][1]] == [
        "9栋1单元", "9栋2单元", "9栋3单元"]
    assert len(printed["records/notices/2026/12/building-13-power-cut.md"][2]) == 3


def test_dunning_letters_carry_each_households_amount(printed):
    for month in ("11", "12"):
        notice, sheets, pages = printed[f"records/notices/2026/{month}/property-fee-dunning.md"]
        with open(SAMPLE / notice.arrears, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(pages) == len(rows)
        by_place = {"{}栋{}单元{}室".format(*r["unit"].split("-")): r for r in rows}
        for page, sheet in zip(pages, sheets):
            row = by_place[sheet.place]
            assert f"人民币{float(row['amount']):,.2f}元" in page, sheet.place
            assert row["owner"] not in page and row["phone"] not in page


def test_no_name_phone_room_or_amount_of_any_arrears_list_on_a_board_sheet(printed):
    secrets = set()
    for row in arrears_rows():
        b, u, room = row["unit"].split("-")
        secrets |= {row["owner"], row["phone"], row["unit"], f"{b}栋{u}单元{room}", row["amount"],
                    f"{float(row['amount']):,.2f}"}
    boards = [(rel, pages) for rel, (notice, _, pages) in printed.items() if notice.on_board]
    assert len(boards) == len(SAMPLES) - 2
    for rel, pages in boards:
        for number, page in enumerate(pages, 1):
            assert not [s for s in secrets if s in page], (rel, number)


def test_collection_notice_shows_rates_only(printed):
    notice, sheets, pages = printed["records/notices/2026/11/property-fee-collection.md"]
    assert len(pages) == 39
    assert all("收缴率" in page and "全小区1301" in page for page in pages)
    assert all(not re.search(r"\d+\.\d{2}(?!%)", page) for page in pages)  # no amount in yuan
