"""Notices fit for the board (issue 13): the dunning letter and the collection notice, as printed pages.

Checked from the PDF's text (pdftotext -layout: one line of the page per line) and from
page images (pdftoppm): one title, no line of a single character, no line starting with
closing punctuation, the service centre's phone, blank room for the seal above the
signature, and no count of households in arrears below 3 on a board.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import SAMPLE, wutong
from wutong_docs.reference.org import load_org

Image = pytest.importorskip("PIL.Image")
pytestmark = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("pdftotext") and shutil.which("fc-list")),
                                reason="needs poppler-utils and fontconfig")

NOTICES = "records/notices/2026/11/"
CLOSING = "，。、；：？！）》」』】〕”’%"
LABELS = {"通知", "公示", "催缴函"}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """name -> (pdf path, [text of each page]) for the sample's dunning letters and collection notice."""
    out = {}
    folder = tmp_path_factory.mktemp("notices")
    for name in ("property-fee-dunning", "property-fee-collection"):
        pdf = folder / f"{name}.pdf"
        result = wutong(SAMPLE, "notice", "render", str(SAMPLE / NOTICES / f"{name}.md"), "--pdf", str(pdf))
        assert result.exit_code == 0, result.output
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        out[name] = (pdf, text.split("\f")[:-1])
    return out


def lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


@pytest.mark.parametrize("name, title", [("property-fee-dunning", "物业服务费催缴函"),
                                         ("property-fee-collection", "2026年度物业服务费收缴情况公示")])
def test_one_title_and_cjk_line_breaking(printed, name, title):
    _, pages = printed[name]
    assert len(pages) in (42, 39)
    for page in pages:
        rows = lines(page)
        assert [row for row in rows if row == title] == [title]                            # one title
        assert not [row for row in rows if re.sub(r"\s", "", row) in LABELS]              # no second, spaced one
        assert not [row for row in rows if len(row) == 1], page                          # no single character
        for row in [r for r in rows if "%" not in r]:                                   # nor one per column
            assert all(len(part) > 1 for part in re.split(r"\s{2,}", row) if part not in {"—"}), row
        assert not [row for row in rows if row[0] in CLOSING], page                      # no 。 at a line start


@pytest.mark.parametrize("name", ["property-fee-dunning", "property-fee-collection"])
def test_contact_line_and_room_for_the_seal(printed, name, tmp_path):
    pdf, pages = printed[name]
    for page in pages:
        flat = re.sub(r"\s+", "", page)
        assert "如有疑问，请联系梧桐墅物业服务中心前台" in flat
        assert [row for row in lines(page) if row.startswith("电话：0571-8888 6600")]
    subprocess.run(["pdftoppm", "-r", "60", "-gray", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "p")], check=True)
    shots = sorted(tmp_path.glob("p-*.pgm"))
    assert len(shots) == 2
    for shot in shots:
        image = Image.open(shot)
        w, h = image.size
        # the seal goes above the signature: 62 mm wide, 26 mm high, right of the contact line
        seal = image.crop((int(w * 128 / 210), int(h * 231 / 297), int(w * 190 / 210), int(h * 255 / 297)))
        assert sum(seal.histogram()[:200]) == 0, shot.name
        signature = image.crop((int(w * 128 / 210), int(h * 258 / 297), int(w * 190 / 210), int(h * 273 / 297)))
        assert sum(signature.histogram()[:128]) > 50
        # the letter fills its page: text reaches below the middle of the sheet
        body = image.crop((int(w * 20 / 210), int(h * 160 / 297), int(w * 190 / 210), int(h * 190 / 297)))
        assert sum(body.histogram()[:128]) > 50, shot.name


def test_the_collection_notice_never_prints_a_count_below_three(printed):
    _, pages = printed["property-fee-collection"]
    org, _ = load_org(SAMPLE)
    rows_seen = 0
    for page in pages:
        for row in lines(page):
            m = re.match(r"(\S+)\s+(\d+|—)\s+(\d+|—)\s+(\d+|—)\s+(\d+\.\d%)$", row)
            if not m:
                continue
            rows_seen += 1
            scope, homes, paid, owing = m.group(1, 2, 3, 4)
            unit = re.match(r"(\w+)栋(\w+)单元$", scope)
            assert not unit or org.homes_of(*unit.groups()) >= 30, row          # small units: no row of their own
            assert owing == "—" or int(owing) >= 3, row
            assert (homes == "—") == (paid == "—") == (owing == "—"), row   # counts all or none: none derivable
    assert rows_seen >= 2 * len(pages)
    one = lines(pages[0])
    assert "1栋 — — — 95.5%".split() == [p for row in one if row.startswith("1栋") for p in row.split()]
    assert any("本单元不足 30 户，不单独公布" in row for row in one)
