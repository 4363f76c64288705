"""No raw personal data on the site or in its search shards, however the records spell it (issue 8, finding 7 and 9).

tests/fixtures/leaky lays over tests/fixtures/good a log, a slip, minutes and a
notice that write owners' numbers and names in every common way, and an arrears
list whose owners' names are typed into the log and the minutes. The site is
built once; every file it wrote is searched for each raw number (separators and
full-width digits folded away, so `138-1234-5678` and `１３８…` count) and name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_site, copy_fixture

RAW_NUMBERS = [
    "13812345674", "13912345678", "13812345678", "13712345678", "13612345678", "13500001111",  # the log
    "01062345678", "057188886666", "057187776666", "05718888666",
    "110101199003071235", "110101199003071236", "110101900307123",
    "13900001111", "13700002222", "057186661234", "330102198512240017", "15800003333",  # the slip
    "13900000003",                                                                       # the minutes
    "13800000002",                                                                       # the arrears list
]
RAW_NAMES = ["刘春梅", "孙淑珍", "陈建国", "周建华", "阿依古丽", "买买提", "李四"]
_FOLD = str.maketrans("０１２３４５６７８９", "0123456789")
_SEPARATORS = re.compile(r"[\s\-.()（）+]")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_fixture("good", tmp_path_factory.mktemp("leaky") / "repo")
    copy_fixture("leaky", root)
    return build_site(root, "2026-11-27 20:00")


def published(site: Path) -> dict[Path, str]:
    """Every text file of the site: pages, notice sheets, the search index and its shards."""
    return {p: p.read_text(encoding="utf-8") for p in site.rglob("*")
            if p.is_file() and p.suffix in (".html", ".js", ".json", ".xml")}


def test_no_raw_number_or_name_in_any_file_of_the_site(site):
    files = published(site)
    assert any(p.parent.name == "search" for p in files)
    leaks = []
    for path, text in files.items():
        folded = _SEPARATORS.sub("", text.translate(_FOLD))
        leaks += [f"{path.relative_to(site)}: {raw}" for raw in RAW_NUMBERS + RAW_NAMES if raw in folded]
    assert leaks == []


def test_the_records_are_published_masked(site):
    log = (site / "records/log/2026-11.html").read_text(encoding="utf-8")
    for masked in ("业主孙**，反映楼道灯不亮；刘 * * 说已缴费", "业主陈**138****5674要求回电；李*，139****5678",
                   "回访张*先生", "阿***·***（3-2-501）", "138-****-5678", "+86137****5678", "１３６****５６７８",
                   "010-****5678", "(0571)****6666", "（0571）****6666转123", "0571-***8666",
                   "1101** ******** 1235", "1101********123", "刘**反映楼上漏水，金额 633.60 元",
                   "2026-11-28 09:30 上门，3-2-501"):
        assert masked in log, masked
    slips = (site / "records/slip/2026-11.html").read_text(encoding="utf-8")
    for masked in ("联系人 周** +86 139 **** 1111", "业主周**来电", "3301** ******** 0017",
                   "家属王*电话：137****2222，座机 (0571)****1234"):
        assert masked in slips, masked
    minutes = (site / "records/minutes/2026-11.html").read_text(encoding="utf-8")
    assert "回访孙**（电话 139 **** 0003）" in minutes and "周**反映的漏水" in minutes


def test_the_search_shards_hold_the_masked_text(site):
    shards = "".join(p.read_text(encoding="utf-8") for p in (site / "search").glob("p*.js"))
    assert "业主陈**138****5674要求回电" in shards and "刘 * * 说已缴费" in shards


def test_a_notice_keeps_the_centres_number_and_its_printed_sheet_is_as_validated(site):
    """Landlines are allowed in notices (a utility's, the centre's); the site's card masks them like any text."""
    card = (site / "records/notice/2026-11.html").read_text(encoding="utf-8")
    assert "燃气公司电话 0571-****4321，服务中心值班电话 8866 1234" in card
    sheet = (site / "records/notice/sheets/2026-11-gas-check.html").read_text(encoding="utf-8")
    assert "0571-87654321" in sheet
