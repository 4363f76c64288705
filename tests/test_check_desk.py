"""`wutong check` on the front-desk registers and renovation cases: each rule on both sides of its boundary.

The repository is tests/fixtures/good with tests/fixtures/desk_good laid over it
(a duty book whose duties name `record: desk…` / `record: renovation…`); each
test writes the rows it needs. Only the lines of these rules' categories are
compared: the fixture lacks most daily logs, and those gaps belong to check.py.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, wutong

CATEGORIES = ("[前台登记]", "[钥匙]", "[包裹]", "[业主卡]", "[装修垃圾]", "[出入证]", "[押金]")
DESK = "records/desk/2026/11"
CASE = "records/renovations/3-2-501-202611.md"


@pytest.fixture
def repo(good_repo):
    shutil.copytree(FIXTURES / "desk_good", good_repo, dirs_exist_ok=True)
    (good_repo / f"{DESK}/2026-11-26.md").unlink()
    return good_repo


def register(repo, day: str, section: str = "", rows: tuple[str, ...] = ()):
    body = f"{section}:\n" + "".join(f"  - {{{row}}}\n" for row in rows) if rows else ""
    path = repo / f"records/desk/{day[:4]}/{day[5:7]}/{day}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ndate: {day}\nstaff: [wang-fang]\n{body}---\n", encoding="utf-8")


def every_day(repo, last: int, month: str = "2026-11"):
    for d in range(1, last + 1):
        register(repo, f"{month}-{d:02d}")


def desk_lines(repo, day: str) -> list[str]:
    """The register gaps from the 1st of the month to `day`, one line each: [category] date who：message（duty；expected）."""
    result = wutong(repo, "check", "--date", day, "--since", f"{day[:8]}01", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    lines = [f"[{g['category']}] {g['date']} {g['name']}：{g['message']}（职责：{g['duty']}；应有：{g['expected']}）"
             for g in json.loads(result.stdout)["gaps"]]
    return [line for line in lines if line.startswith(CATEGORIES)]


def case(repo, events: str, status: str = "open", passes: str = "  - {name: 王师傅, until: 2026-12-31}\n"):
    (repo / CASE).write_text(
        "---\nhome: 3-2-501\ncontractor: 居然装饰公司\n"
        "permit: {applied: 2026-11-02, approved: 2026-11-03, approved_by: zhang-wei, deposit: 2000}\n"
        f"passes:\n{passes}events:\n{events}status: {status}\n---\n", encoding="utf-8")


# --- a register each working day ----------------------------------------------------------------
def test_a_working_day_without_a_register_is_reported_and_a_weekend_is_not(repo):
    register(repo, "2026-11-03")
    assert desk_lines(repo, "2026-11-03") == [
        "[前台登记] 2026-11-02 服务中心前台：工作日没有前台登记表（职责：工作日志、前台值班记录；"
        "应有：records/desk/2026/11/2026-11-02.md）"]   # 11-01 is a Sunday


# --- keys: never overnight ------------------------------------------------------------------------
KEY = 'home: 3-2-501, to: "装修工 王师傅", purpose: 装修, out: "09:10", back: {back}, by: wang-fang'


@pytest.mark.parametrize("back, late", [('"23:59"', False), ('"2026-11-03 00:01"', True)])
def test_a_key_back_before_midnight_is_fine_and_after_it_is_overnight(repo, back, late):
    every_day(repo, 3)
    register(repo, "2026-11-02", "keys", (KEY.format(back=back),))
    expected = ["[钥匙] 2026-11-02 王芳（wang-fang）：3-2-501 的钥匙 09:10 借出，11-03 00:01 才归还：钥匙过夜"
                "（职责：钥匙的保管及办理借用手续；应有：records/desk/2026/11/2026-11-02.md 第 5 行的 back（归还时间））"]
    assert desk_lines(repo, "2026-11-03") == (expected if late else [])


def test_a_key_not_back_is_reported_on_the_day_it_went_out(repo):
    every_day(repo, 2)
    register(repo, "2026-11-02", "keys", (KEY.replace(", back: {back}", ""),))
    assert desk_lines(repo, "2026-11-02") == [
        "[钥匙] 2026-11-02 王芳（wang-fang）：3-2-501 的钥匙 09:10 借出，至今未登记归还：钥匙过夜"
        "（职责：钥匙的保管及办理借用手续；应有：records/desk/2026/11/2026-11-02.md 第 5 行的 back（归还时间））"]


# --- owner cards: announced by 12:00 or by 18:00 ------------------------------------------------
CARD = 'kind: owner_card, home: 2-1-1201, applied: "{applied}", notified: "{notified}", fee: 20, by: wang-fang'


@pytest.mark.parametrize("applied, notified, late", [
    ("11:59", "12:00", False), ("11:59", "12:01", True),
    ("12:00", "18:00", False), ("12:00", "18:01", True),
])
def test_an_owner_card_is_announced_by_noon_or_by_six(repo, applied, notified, late):
    every_day(repo, 2)
    register(repo, "2026-11-02", "cards", (CARD.format(applied=applied, notified=notified),))
    deadline = "12:00" if applied < "12:00" else "18:00"
    expected = [f"[业主卡] 2026-11-02 王芳（wang-fang）：2-1-1201 的业主卡 {applied} 办理，应在 {deadline} 前通知业主领取，"
                f"11-02 {notified} 才通知（职责：业主卡的办理；应有：records/desk/2026/11/2026-11-02.md 第 5 行的 notified（通知时间））"]
    assert desk_lines(repo, "2026-11-02") == (expected if late else [])


def test_a_car_card_has_no_announcement_deadline(repo):
    every_day(repo, 2)
    register(repo, "2026-11-02", "cards", (CARD.format(applied="09:00", notified="17:00").replace("owner_card", "car_card"),))
    assert desk_lines(repo, "2026-11-02") == []


# --- parcels: the duty book's days ----------------------------------------------------------------
PARCEL = 'id: P-20261102-01, home: 3-1-302, carrier: 顺丰, arrived: "10:05"{picked}, by: wang-fang'


@pytest.mark.parametrize("picked, late", [(', picked: "2026-11-05 23:59"', False),
                                          (', picked: "2026-11-06 08:30"', True)])
def test_a_parcel_picked_on_the_third_day_is_fine_and_on_the_fourth_is_late(repo, picked, late):
    every_day(repo, 6)
    register(repo, "2026-11-02", "parcels", (PARCEL.format(picked=picked),))
    expected = ["[包裹] 2026-11-06 王芳（wang-fang）：包裹 P-20261102-01（3-1-302）11-02 到达，11-06 08:30 才领取，超过 3 天："
                "请再次通知业主（职责：代收、代存包裹；应有：records/desk/2026/11/2026-11-02.md 第 5 行的 picked（领取时间））"]
    assert desk_lines(repo, "2026-11-06") == (expected if late else [])


def test_a_waiting_parcel_is_reported_from_the_fourth_day(repo):
    every_day(repo, 6)
    register(repo, "2026-11-02", "parcels", (PARCEL.format(picked=""),))
    assert desk_lines(repo, "2026-11-05") == []
    assert [line[:60] for line in desk_lines(repo, "2026-11-06")] == [
        "[包裹] 2026-11-06 王芳（wang-fang）：包裹 P-20261102-01（3-1-302）11-02 到达，至今未领取，超过 3 天"[:60]]


def test_the_parcel_days_are_the_duty_books_setting(repo):
    every_day(repo, 6)
    register(repo, "2026-11-02", "parcels", (PARCEL.format(picked=', picked: "2026-11-05 10:00"'),))
    duties = repo / "records/duties.yml"
    text = duties.read_text(encoding="utf-8")
    duties.write_text(text.replace("cadence: {rule: true, limit_days: 3}\n            record: desk:parcels",
                                   "cadence: {rule: true, limit_days: 2}\n            record: desk:parcels"),
                      encoding="utf-8")
    assert [line[:40] for line in desk_lines(repo, "2026-11-06")] == [
        "[包裹] 2026-11-05 王芳（wang-fang）：包裹 P-20261102-01（3-1-302）11-02 到达"[:40]]


# --- renovation waste: removed within 3 days -------------------------------------------------------
WASTE = ("  - {{at: 2026-11-12 09:00, by: li-na, type: waste_started}}\n"
         "  - {{at: {removed}, by: li-na, type: waste_removed}}\n")


@pytest.mark.parametrize("removed, late", [("2026-11-15 17:00", False), ("2026-11-16 09:00", True)])
def test_waste_removed_on_the_third_day_is_fine_and_on_the_fourth_is_late(repo, removed, late):
    every_day(repo, 16)
    case(repo, WASTE.format(removed=removed))
    expected = ["[装修垃圾] 2026-11-16 李娜（li-na）：3-2-501 的装修垃圾 11-12 开始堆放，11-16 才清运，超过 3 天"
                "（职责：巡视片区内清洁、绿化、治安、车辆停放情况、设施设备是否有问题及各种通知的发放及回收,"
                "负责片区空置房、杂物间、车库的巡查,装修巡查；应有：records/renovations/3-2-501-202611.md 中的 waste_removed（清运）记录）"]
    assert desk_lines(repo, "2026-11-16") == (expected if late else [])


# --- worker passes: not used after `until` -----------------------------------------------------------
@pytest.mark.parametrize("day, late", [("2026-11-25", False), ("2026-11-26", True)])
def test_a_pass_used_on_its_last_day_is_fine_and_the_day_after_is_not(repo, day, late):
    every_day(repo, 26)
    case(repo, "", passes="  - {name: 王师傅, until: 2026-11-25}\n")
    register(repo, day, "keys", (KEY.format(back='"17:00"'),))
    expected = [f"[出入证] {day} 王芳（wang-fang）：3-2-501 装修工人的临时出入证 11-25 已到期，{day[5:]} 仍凭证借用钥匙："
                "请先续办出入证（职责：协助办理装修手续；应有：records/renovations/3-2-501-202611.md 中 王师傅 的出入证（until））"]
    assert desk_lines(repo, "2026-11-26") == (expected if late else [])


# --- deposit refunded within 30 days of completion ----------------------------------------------------
@pytest.mark.parametrize("refund, late", [("2026-12-02 10:00", False), ("2026-12-03 10:00", True)])
def test_a_deposit_refunded_on_day_30_is_fine_and_on_day_31_is_late(repo, refund, late):
    every_day(repo, 30)
    every_day(repo, 3, "2026-12")
    case(repo, f"  - {{at: 2026-11-02 15:00, by: li-na, type: completion}}\n"
               f"  - {{at: {refund}, by: li-na, type: refund}}\n", status="refunded")
    expected = ["[押金] 2026-12-03 李娜（li-na）：3-2-501 11-02 竣工验收，押金超过 30 天未退（职责：办理业户入伙及装修手续、"
                "装修竣工的验收及退款；应有：records/renovations/3-2-501-202611.md 中的 refund（退还押金）记录）"]
    assert desk_lines(repo, "2026-12-03") == (expected if late else [])


def test_a_duty_book_without_the_links_checks_nothing_of_the_desk(repo):
    shutil.copyfile(FIXTURES / "sample/records/duties.yml", repo / "records/duties.yml")
    register(repo, "2026-11-02", "keys", (KEY.replace(", back: {back}", ""),))
    assert desk_lines(repo, "2026-11-03") == []
