"""Quick entry (`wutong desk …`, `wutong renovation event`): rows added and completed in place, nothing else touched."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest

from conftest import FIXTURES, wutong

REGISTER = "records/desk/2026/11/2026-11-26.md"
CASE = "records/renovations/3-2-501-202611.md"


@pytest.fixture
def repo(good_repo, monkeypatch):
    shutil.copytree(FIXTURES / "desk_good", good_repo, dirs_exist_ok=True)
    monkeypatch.setenv("WUTONG_STAFF", "wang-fang")
    return good_repo


def run(repo, *args):
    return wutong(repo, *args)


def ok(repo, *args) -> str:
    result = run(repo, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(repo, *args) -> str:
    before = {p: p.read_bytes() for p in (repo / "records").rglob("*.md")}
    result = run(repo, *args)
    assert result.exit_code == 1
    assert {p: p.read_bytes() for p in (repo / "records").rglob("*.md")} == before  # nothing written
    return result.stderr


def test_a_series_of_entries_keeps_every_untouched_line_byte_for_byte(repo):
    path = repo / REGISTER
    original = path.read_text(encoding="utf-8").splitlines(keepends=True)
    ok(repo, "desk", "key", "out", "3-1-302", "--to", "维修工 李师傅", "--purpose", "维修", "--at", "2026-11-26 10:00")
    ok(repo, "desk", "parcel", "in", "2-1-1201", "--carrier", "中通", "--at", "2026-11-26 12:00")
    ok(repo, "desk", "card", "apply", "1-2-301", "--kind", "car_card", "--fee", "100", "--at", "2026-11-26 13:00")
    ok(repo, "desk", "pass", "3-1-302", "--items", "旧冰箱", "--approved-by", "zhang-wei", "--at", "2026-11-26 15:00")
    ok(repo, "desk", "key", "back", "3-1-302", "--at", "2026-11-26 16:00")
    ok(repo, "desk", "parcel", "notified", "P-20261126-02", "--at", "2026-11-26 16:10")
    ok(repo, "desk", "parcel", "picked", "P-20261126-02", "--at", "2026-11-28 09:00")
    ok(repo, "desk", "card", "notified", "1-2-301", "--at", "2026-11-26 17:00")
    ok(repo, "desk", "card", "collected", "1-2-301", "--at", "2026-11-27 10:00")
    now = path.read_text(encoding="utf-8").splitlines(keepends=True)
    added = [
        '  - {home: 3-1-302, to: 维修工 李师傅, purpose: 维修, out: "10:00", back: "16:00", by: wang-fang}\n',
        '  - {id: P-20261126-02, home: 2-1-1201, carrier: 中通, arrived: "12:00", notified: "16:10", '
        'picked: "2026-11-28 09:00", by: wang-fang}\n',
        '  - {kind: car_card, home: 1-2-301, applied: "13:00", notified: "17:00", collected: "2026-11-27 10:00", '
        'fee: 100, by: wang-fang}\n',
        '  - {id: F-20261126-02, home: 3-1-302, items: 旧冰箱, approved_by: zhang-wei, out: "15:00"}\n',
    ]
    assert [line for line in now if line not in original] == added
    assert [line for line in now if line in original] == original   # every old line, unchanged, in order
    assert run(repo, "validate").exit_code == 0


def test_each_command_prints_the_row_it_wrote(repo):
    out = ok(repo, "desk", "parcel", "in", "2-1-1201", "--carrier", "中通", "--at", "2026-11-26 12:00")
    assert out == ("records/desk/2026/11/2026-11-26.md:8: - {id: P-20261126-02, home: 2-1-1201, carrier: 中通, "
                   'arrived: "12:00", by: wang-fang}\n')
    out = ok(repo, "desk", "parcel", "picked", "P-20261126-02", "--at", "2026-11-26 18:00")
    assert out == ("records/desk/2026/11/2026-11-26.md:8: - {id: P-20261126-02, home: 2-1-1201, carrier: 中通, "
                   'arrived: "12:00", picked: "18:00", by: wang-fang}\n')


def test_the_time_is_beijing_now(repo, monkeypatch):
    from wutong_docs.core import dates
    monkeypatch.setattr(dates, "now", lambda: datetime(2026, 11, 26, 8, 5))
    out = ok(repo, "desk", "key", "out", "1-1-101", "--to", "业主", "--purpose", "忘带钥匙")
    assert out == ("records/desk/2026/11/2026-11-26.md:6: - {home: 1-1-101, to: 业主, purpose: 忘带钥匙, "
                   'out: "08:05", by: wang-fang}\n')


def test_the_first_entry_of_a_day_creates_its_register_and_adds_the_staff(repo, monkeypatch):
    ok(repo, "desk", "parcel", "in", "3-1-302", "--carrier", "邮政", "--at", "2026-11-27 09:00")
    monkeypatch.setenv("WUTONG_STAFF", "li-na")
    ok(repo, "desk", "card", "apply", "3-1-302", "--kind", "owner_card", "--fee", "20", "--at", "2026-11-27 09:30")
    assert (repo / "records/desk/2026/11/2026-11-27.md").read_text(encoding="utf-8") == (
        "---\ndate: 2026-11-27\nstaff: [wang-fang, li-na]\n"
        'parcels:\n  - {id: P-20261127-01, home: 3-1-302, carrier: 邮政, arrived: "09:00", by: wang-fang}\n'
        'cards:\n  - {kind: owner_card, home: 3-1-302, applied: "09:30", fee: 20, by: li-na}\n'
        "---\n## 交接\n\n")
    assert run(repo, "validate").exit_code == 0


def test_a_key_completed_on_a_later_day_stays_in_its_own_register(repo):
    ok(repo, "desk", "key", "out", "3-1-302", "--to", "业主", "--purpose", "开门", "--at", "2026-11-26 20:00")
    ok(repo, "desk", "key", "back", "3-1-302", "--at", "2026-11-27 08:30")
    assert '  - {home: 3-1-302, to: 业主, purpose: 开门, out: "20:00", back: "2026-11-27 08:30", by: wang-fang}\n' in \
        (repo / REGISTER).read_text(encoding="utf-8")
    assert not (repo / "records/desk/2026/11/2026-11-27.md").exists()


def test_returning_a_key_that_is_not_out_is_refused(repo):
    assert refused(repo, "desk", "key", "back", "3-1-302") == (
        "错误：3-1-302 的钥匙没有借出未还的记录，无法登记归还：请核对房号（借出时用 wutong desk key out 3-1-302 登记）\n")


def test_lending_a_key_that_is_out_is_refused(repo):
    ok(repo, "desk", "key", "out", "3-1-302", "--to", "业主", "--purpose", "开门", "--at", "2026-11-26 10:00")
    assert refused(repo, "desk", "key", "out", "3-1-302", "--to", "工人", "--purpose", "维修") == (
        "错误：3-1-302 的钥匙已于 11-26 10:00 借给 业主，尚未归还：先登记归还（wutong desk key back 3-1-302），再登记借出\n")


def test_picking_up_a_parcel_twice_is_refused(repo):
    assert refused(repo, "desk", "parcel", "picked", "P-20261126-01") == (
        "错误：包裹 P-20261126-01 已于 2026-11-27 18:30 登记领取，不能重复登记\n")


def test_an_unknown_parcel_is_refused(repo):
    assert refused(repo, "desk", "parcel", "picked", "P-20261126-09") == (
        "错误：没有编号为 P-20261126-09 的包裹：请核对编号（形如 P-20261126-01）\n")


def test_a_card_with_nothing_waiting_is_refused(repo):
    assert refused(repo, "desk", "card", "notified", "2-1-1201") == (
        "错误：2-1-1201 没有等待通知领取的卡：请核对房号，或先用 wutong desk card apply 2-1-1201 登记办理\n")


def test_a_completion_before_the_row_began_is_refused(repo):
    ok(repo, "desk", "key", "out", "3-1-302", "--to", "业主", "--purpose", "开门", "--at", "2026-11-26 10:00")
    assert refused(repo, "desk", "key", "back", "3-1-302", "--at", "2026-11-26 09:00") == (
        "错误：现在 2026-11-26 09:00 早于借出时间 2026-11-26 10:00：请核对 --at\n")


def test_a_row_that_would_be_invalid_is_not_written(repo):
    # the row has no line anywhere (the file was never made): the problem is said, not pointed at
    result = run(repo, "desk", "key", "out", "9-9-901", "--to", "业主", "--purpose", "开门", "--at", "2026-11-28 10:00")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("错误：未登记：records/desk/2026/11/2026-11-28.md 中要写入的这一行有错误：WT111 9 栋 9 单元不在 "
                             "records/org.yml 中；请核对后再登记，没有新建这个文件\n")
    assert not (repo / "records/desk/2026/11/2026-11-28.md").exists()


def test_without_staff_the_command_lists_the_ids_to_choose_from(repo, monkeypatch):
    """A new clerk does not know the ids yet (issue 23): the refusal lists them, as `wutong new` does."""
    monkeypatch.delenv("WUTONG_STAFF")
    assert refused(repo, "desk", "parcel", "in", "3-1-302", "--carrier", "顺丰") == (
        "错误：请用 --staff 指明登记人的员工编号（或设置环境变量 WUTONG_STAFF）；可用的员工编号：zhang-wei（张伟）、"
        "li-na（李娜）、wang-fang（王芳）\n")


def test_renovation_events_append_and_move_the_status(repo):
    path = repo / CASE
    original = path.read_text(encoding="utf-8")
    assert ok(repo, "renovation", "event", "3-2-501", "completion", "--note", "验收合格", "--staff", "li-na",
              "--at", "2026-11-28 10:00") == (
        "records/renovations/3-2-501-202611.md:12: - {at: 2026-11-28 10:00, by: li-na, type: completion, note: 验收合格}\n")
    assert path.read_text(encoding="utf-8") == original.replace(
        "status: open", "  - {at: 2026-11-28 10:00, by: li-na, type: completion, note: 验收合格}\nstatus: completed")
    assert run(repo, "validate").exit_code == 0


@pytest.mark.parametrize("kind, message", [
    ("refund", "错误：3-2-501 尚未竣工验收，不能退押金：先登记 completion\n"),
    ("waste_removed", "错误：3-2-501 没有待清运的装修垃圾（没有未清运的 waste_started 记录）\n"),
    ("paint", "错误：paint 不是装修记录的类型；可选：inspection（巡查）、violation（违规）、waste_started（开始堆放装修垃圾）、"
              "waste_removed（装修垃圾清运）、completion（竣工验收）、refund（退还押金）\n"),
])
def test_renovation_events_that_make_no_sense_are_refused(repo, kind, message):
    assert refused(repo, "renovation", "event", "3-2-501", kind) == message


def test_a_home_without_a_case_is_refused(repo):
    assert refused(repo, "renovation", "event", "1-1-101", "inspection") == (
        "错误：1-1-101 没有装修档案（records/renovations/1-1-101-YYYYMM.md）：请先建档\n")
