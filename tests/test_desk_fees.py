"""The 28th's statistics: card and fob fees of a month, by kind, from the registers."""

from __future__ import annotations

import shutil

from conftest import FIXTURES
from wutong_docs.records.desk import FeeLine, card_fees
from wutong_docs.validate.pipeline import validate


def test_fees_are_totalled_by_kind_for_the_month_only(good_repo):
    shutil.copytree(FIXTURES / "desk_good", good_repo, dirs_exist_ok=True)
    (good_repo / "records/desk/2026/11/2026-11-27.md").write_text(
        "---\ndate: 2026-11-27\nstaff: [wang-fang]\ncards:\n"
        '  - {kind: car_card, home: 3-1-302, applied: "09:00", fee: 100, by: wang-fang}\n'
        '  - {kind: car_card, home: 3-1-302, applied: "09:05", fee: 100, by: wang-fang}\n'
        '  - {kind: key_fob, home: 2-1-1201, applied: "10:00", by: wang-fang}\n---\n', encoding="utf-8")
    (good_repo / "records/desk/2026/12/").mkdir(parents=True)
    (good_repo / "records/desk/2026/12/2026-12-01.md").write_text(
        "---\ndate: 2026-12-01\nstaff: [wang-fang]\ncards:\n"
        '  - {kind: car_card, home: 3-1-302, applied: "09:00", fee: 100, by: wang-fang}\n---\n', encoding="utf-8")
    report = validate(good_repo)
    assert report.problems == []
    assert card_fees(report.records, "2026-11") == [
        FeeLine("owner_card", "业主卡", 1, 1, 20), FeeLine("car_card", "车卡", 2, 2, 200),
        FeeLine("key_fob", "钥匙扣", 1, 0, 0)]
    assert card_fees(report.records, "2026-10") == [
        FeeLine("owner_card", "业主卡", 0, 0, 0), FeeLine("car_card", "车卡", 0, 0, 0), FeeLine("key_fob", "钥匙扣", 0, 0, 0)]
