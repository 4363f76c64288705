"""The front desk's weekly summary `wutong report week` (issue 21, item 8), counted again here from the files.

The expected figures are not copied from the command: each test reads the registers, slips,
renovation cases, org.yml and duties.yml of tests/fixtures/sample_desk with PyYAML and applies
the definitions of handbook 参考 › 月报与周汇总 by hand. The clock is pinned (core.dates.now) to
Monday 2026-12-07 09:00, so "today" and the default week are fixed.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, copy_fixture, wutong
from wutong_docs.core import dates

DESK = FIXTURES / "sample_desk"
NOW = datetime(2026, 12, 7, 9, 0)
WEEKS = [f"2026-W{n}" for n in range(44, 50)]   # the sample's registers: 2026-11-01 (a Sunday) to 11-30 (a Monday)


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setattr(dates, "now", lambda: NOW)


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def _moment(day: date, value) -> datetime | None:
    """A register's completion: "HH:MM" on its day, or "YYYY-MM-DD HH:MM"."""
    if value is None:
        return None
    value = str(value)
    if len(value) <= 5:
        return datetime.combine(day, datetime.strptime(value, "%H:%M").time())
    return datetime.strptime(value, "%Y-%m-%d %H:%M")


def _at(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.strptime(str(value), "%Y-%m-%d %H:%M")


def _span(week: str) -> tuple[date, date]:
    year, number = week.split("-W")
    first = date.fromisocalendar(int(year), int(number), 1)
    return first, first + timedelta(days=6)


def _rules(root: Path) -> dict:
    """The limits the duty book sets: key days (desk:keys), the card deadlines (desk:cards)."""
    rules = {}
    for role in _front_yaml(root / "records/duties.yml")["roles"]:
        for period in role["periods"]:
            for duty in period["duties"]:
                cadences = [s.get("cadence") or {} for s in duty.get("standard") or []]
                if duty.get("record") == "desk:keys":
                    rules["key_days"] = next(c["limit_days"] for c in cadences if "limit_days" in c)
                if duty.get("record") == "desk:cards":
                    rules["deadlines"] = sorted(datetime.strptime(c["before"], "%H:%M").time()
                                                for c in cadences if "before" in c)
    return rules


def _front_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def count(root: Path, week: str, today: date = NOW.date()) -> dict:
    """Every figure of the week, counted straight from the files."""
    first, last = _span(week)
    start, end = datetime.combine(first, time()), datetime.combine(last, time(23, 59, 59))
    rules = _rules(root)
    registers = {(f := _front(p))["date"]: f for p in sorted((root / "records/desk").rglob("*.md"))}
    cases = [_front(p) | {"case": p.stem} for p in sorted((root / "records/renovations").glob("*.md"))]
    n = {"received": 0, "picked": 0, "waiting": 0, "lent": 0, "key_late": 0, "owner": 0, "card_late": 0,
         "release": 0, "misused": 0, "fees": {k: [0, 0, 0] for k in ("owner_card", "car_card", "key_fob")}}
    for day, reg in registers.items():
        inside = first <= day <= last
        for row in reg.get("parcels") or []:
            if day > last:
                continue
            picked = _moment(day, row.get("picked"))
            n["received"] += inside
            n["picked"] += picked is not None and start <= picked <= end
            n["waiting"] += picked is None or picked > end
        if not inside:
            continue
        n["release"] += len(reg.get("passes") or [])
        for row in reg.get("keys") or []:
            n["lent"] += 1
            back = _moment(day, row.get("back"))
            n["key_late"] += back is None or back.date() > day + timedelta(days=rules["key_days"])
            for case in cases:
                n["misused"] += sum(1 for w in case.get("passes") or []
                                    if case["home"] == row["home"] and w["name"] in row["to"] and day > w["until"])
        for row in reg.get("cards") or []:
            fee = n["fees"][row["kind"]]
            fee[0] += 1
            if row.get("fee") is not None:
                fee[1] += 1
                fee[2] += row["fee"]
            if row["kind"] != "owner_card":
                continue
            n["owner"] += 1
            applied = datetime.strptime(row["applied"], "%H:%M").time()
            deadline = next((d for d in rules["deadlines"] if applied < d), None)
            notified = _moment(day, row.get("notified"))
            n["card_late"] += deadline is not None and (notified is None or notified > datetime.combine(day, deadline))
    desk_staff = [s["id"] for s in _front_yaml(root / "records/org.yml")["staff"] if s["role"] == "front_desk"]
    opened = closed = 0
    for p in (root / "records/slips").rglob("*.md"):
        slip = _front(p)
        if slip["by"] not in desk_staff:
            continue
        opened += start <= _at(slip["opened"]) <= end
        closed += any(e["status"] == "closed" and start <= _at(e["at"]) <= end for e in slip.get("events") or [])
    events = [e for c in cases for e in c.get("events") or [] if start <= _at(e["at"]) <= end]
    since, until = max(first, min(registers)), min(last, today)
    missing = [since + timedelta(days=i) for i in range((until - since).days + 1)]
    missing = [d.isoformat() for d in missing if d.weekday() < 5 and d not in registers]
    return {**n, "registers": sum(1 for d in registers if first <= d <= last), "missing": missing,
            "expiring": sum(1 for c in cases for w in c.get("passes") or [] if first <= w["until"] <= last),
            "opened": opened, "closed": closed, "events": len(events),
            "by_type": {t: sum(1 for e in events if e["type"] == t) for t in {e["type"] for e in events}}}


def summary(root: Path, *args: str) -> dict:
    result = wutong(root, "report", "week", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("week", WEEKS)
def test_every_figure_matches_a_count_from_the_files(week):
    got, want = summary(DESK, "--week", week), count(DESK, week)
    assert (got["week"], got["first"], got["last"]) == (week, *(d.isoformat() for d in _span(week)))
    assert got["registers"] == want["registers"]
    assert got["registers_missing"] == want["missing"]
    assert got["parcels"] == {"received": want["received"], "picked": want["picked"], "waiting_at_end": want["waiting"]}
    keys = got["keys"]
    assert (keys["lent"], keys["overdue"], keys["limit_days"]) == (want["lent"], want["key_late"], 0)
    assert len(keys["overdue_list"]) == want["key_late"]
    cards = got["cards"]
    assert (cards["owner_cards"], cards["notified_late"]) == (want["owner"], want["card_late"])
    assert cards["notified_on_time"] == want["owner"] - want["card_late"]
    assert {f["kind"]: [f["count"], f["charged"], f["total"]] for f in cards["fees"]} == want["fees"]
    assert cards["issued"] == sum(f[0] for f in want["fees"].values())
    passes = got["passes"]
    assert (passes["release"], passes["workers_expiring"], passes["used_expired"]) == (
        want["release"], want["expiring"], want["misused"])
    assert (got["slips"]["opened"], got["slips"]["closed"]) == (want["opened"], want["closed"])
    assert got["slips"]["staff"] == ["wang-fang", "zhou-xue", "xu-ting"]
    assert got["renovations"]["events"] == want["events"]
    assert {t: c for t, c in got["renovations"]["by_type"].items() if c} == want["by_type"]


def test_the_sample_weeks_are_not_all_zero():
    """The parametrized counts above compare something: the fixture has each kind of figure in some week."""
    counts = [count(DESK, week) for week in WEEKS]
    for key in ("received", "picked", "waiting", "lent", "key_late", "owner", "release", "expiring",
                "opened", "closed", "events"):
        assert any(c[key] for c in counts), key
    assert count(DESK, "2026-W47")["key_late"] == 1 and count(DESK, "2026-W47")["events"] == 3


def test_parcels_waiting_at_the_end_carry_over_to_the_next_week():
    for before, after in zip(WEEKS, WEEKS[1:]):
        a, b = summary(DESK, "--week", before)["parcels"], summary(DESK, "--week", after)["parcels"]
        assert b["waiting_at_end"] == a["waiting_at_end"] + b["received"] - b["picked"]


# --- the week's boundary: Sunday 23:59 is in, Monday 00:00 of the next week is out -------------------

def _add_rows(path: Path, section: str, rows: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("---\n", 2)[1:]
    lines = [f"  - {row}" for row in rows]
    if f"\n{section}:" in "\n" + head:
        head = head.replace(f"{section}:", f"{section}:\n" + "\n".join(lines), 1)
    else:
        head += f"{section}:\n" + "\n".join(lines) + "\n"
    path.write_text(f"---\n{head}---\n{rest}", encoding="utf-8")


def _slip(root: Path, slip_id: str, opened: str, events: str = "") -> None:
    folder = root / "records/slips/2026/11"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slip_id}.md").write_text(
        f"---\nid: {slip_id}\nopened: {opened}\nby: {slip_id.split('-', 2)[2][:-3]}\nchannel: visit\n"
        f"category: inquiry\nunit: 3-2-502\nto: engineering\ndue: 2026-11-30 18:00\n{events}---\n\n业主来访咨询。\n",
        encoding="utf-8")


@pytest.fixture(scope="module")
def edged(tmp_path_factory) -> Path:
    """The sample with one of each entry on Sunday 2026-11-22 late at night and on Monday 11-23 early morning."""
    root = copy_fixture("sample_desk", tmp_path_factory.mktemp("edge") / "repo")
    desk = root / "records/desk/2026/11"
    _add_rows(desk / "2026-11-22.md", "parcels", [
        "{id: P-20261122-90, home: 3-2-502, carrier: 顺丰, arrived: \"23:50\", picked: \"23:59\", by: zhou-xue}",
        "{id: P-20261122-91, home: 3-2-502, carrier: 顺丰, arrived: \"23:51\", picked: \"2026-11-23 00:00\", by: zhou-xue}"])
    _add_rows(desk / "2026-11-22.md", "keys", [
        "{home: 3-2-502, to: 业主本人, purpose: 忘带钥匙, out: \"23:30\", back: \"23:58\", by: zhou-xue}"])
    _add_rows(desk / "2026-11-22.md", "cards", [
        "{kind: key_fob, home: 3-2-502, applied: \"23:40\", fee: 30, by: zhou-xue}"])
    _add_rows(desk / "2026-11-23.md", "parcels", [
        "{id: P-20261123-90, home: 3-2-502, carrier: 顺丰, arrived: \"00:05\", picked: \"00:30\", by: wang-fang}"])
    _add_rows(desk / "2026-11-23.md", "keys", [
        "{home: 3-2-502, to: 业主本人, purpose: 忘带钥匙, out: \"00:10\", back: \"00:40\", by: wang-fang}"])
    _add_rows(desk / "2026-11-23.md", "cards", [
        "{kind: key_fob, home: 3-2-502, applied: \"00:20\", fee: 30, by: wang-fang}"])
    _slip(root, "S-20261122-zhou-xue-09", "2026-11-22 23:59")
    _slip(root, "S-20261123-wang-fang-09", "2026-11-23 00:00")
    case = root / "records/renovations/10-1-1201-202610.md"
    text = case.read_text(encoding="utf-8")
    text = text.replace("  - {at: 2026-11-26 16:20,",
                        "  - {at: 2026-11-22 23:59, by: liu-yang, type: inspection, note: 夜查}\n"
                        "  - {at: 2026-11-23 00:00, by: liu-yang, type: inspection, note: 晨查}\n"
                        "  - {at: 2026-11-26 16:20,")
    case.write_text(text, encoding="utf-8")
    assert wutong(root, "validate").exit_code == 0, wutong(root, "validate").output
    return root


def test_sunday_night_counts_in_its_week_and_monday_morning_in_the_next(edged):
    # Sunday brings two parcels (one picked at 23:59, one at Monday 00:00), Monday one; one key, card, slip, event each
    for week, parcels in (("2026-W47", 2), ("2026-W48", 1)):
        got, base = summary(edged, "--week", week), summary(DESK, "--week", week)
        assert got["parcels"]["received"] == base["parcels"]["received"] + parcels, week
        assert got["keys"]["lent"] == base["keys"]["lent"] + 1, week
        assert got["cards"]["issued"] == base["cards"]["issued"] + 1, week
        assert got["slips"]["opened"] == base["slips"]["opened"] + 1, week
        assert got["renovations"]["events"] == base["renovations"]["events"] + 1, week
    w47, w47_base = summary(edged, "--week", "2026-W47"), summary(DESK, "--week", "2026-W47")
    # picked at 23:59 on Sunday: picked in W47; picked at Monday 00:00: still waiting at W47's end
    assert w47["parcels"]["picked"] == w47_base["parcels"]["picked"] + 1
    assert w47["parcels"]["waiting_at_end"] == w47_base["parcels"]["waiting_at_end"] + 1
    w48, w48_base = summary(edged, "--week", "2026-W48"), summary(DESK, "--week", "2026-W48")
    assert w48["parcels"]["picked"] == w48_base["parcels"]["picked"] + 2   # the Sunday parcel and the Monday one
    assert "S-20261122-zhou-xue-09" in w47["slips"]["opened_ids"] and "S-20261122-zhou-xue-09" not in w48["slips"]["opened_ids"]
    assert "S-20261123-wang-fang-09" in w48["slips"]["opened_ids"] and "S-20261123-wang-fang-09" not in w47["slips"]["opened_ids"]
    assert [e["note"] for e in w47["renovations"]["list"]][-1] == "夜查"
    assert [e["note"] for e in w48["renovations"]["list"]][0] == "晨查"
    for week in ("2026-W47", "2026-W48"):   # and the independent count agrees on the edited copy
        assert summary(edged, "--week", week)["parcels"]["waiting_at_end"] == count(edged, week)["waiting"]


# --- the week option ---------------------------------------------------------------------------------

USAGE = " report week [选项]\n"   # click's usage line (the test runner names the program `cli`, not wutong)


def usage_error(result, message: str) -> None:
    """Exit status 2, the usage line, then the one line of the error, as click's usage errors are."""
    assert result.exit_code == 2
    first, *_ = result.output.split("\n", 1)
    assert first.startswith("用法：") and first.endswith(USAGE.strip("\n").lstrip()), result.output
    assert result.output.endswith(f"\n\n错误：{message}\n"), result.output


@pytest.mark.parametrize("value, message", [
    ("2026-47", "2026-47，应写成 YYYY-Www（年份、W 和两位周次），例如 2026-W47"),
    ("2026-W", "2026-W，应写成 YYYY-Www（年份、W 和两位周次），例如 2026-W47"),
    ("W47", "W47，应写成 YYYY-Www（年份、W 和两位周次），例如 2026-W47"),
    ("2026-11", "2026-11，应写成 YYYY-Www（年份、W 和两位周次），例如 2026-W47"),
    ("2026-W00", "2026-W00 不存在：2026 年共 53 周（W01–W53），例如 2026-W47"),
    ("2027-W53", "2027-W53 不存在：2027 年共 52 周（W01–W52），例如 2026-W47"),
    ("1999-W10", "1999-W10 的年份不在 2000–2099 之间：请写 2000 至 2099 年的周次，例如 2026-W47"),
])
def test_a_bad_week_is_refused_with_an_example(value, message):
    usage_error(wutong(DESK, "report", "week", "--week", value), f"'--week' 的值不对：{message}")


@pytest.mark.parametrize("value, week", [("2026-W47", "2026-W47"), ("2026-w47", "2026-W47"), ("2026W47", "2026-W47"),
                                         ("2026-W5", "2026-W05"), ("2026-W53", "2026-W53")])
def test_the_week_forms_accepted(value, week):
    assert summary(DESK, "--week", value)["week"] == week


def test_month_is_refused_with_the_week_form():
    usage_error(wutong(DESK, "report", "--month", "2026-11", "week"),
                "前台周汇总按周统计，不用 --month：请改用 --week，例如 --week 2026-W47")


def test_a_month_only_format_is_refused():
    usage_error(wutong(DESK, "report", "--format", "xlsx", "week"), "前台周汇总没有 xlsx 格式：请用 --format html、md 或 json")


def test_the_group_format_carries_to_the_week():
    result = wutong(DESK, "report", "--format", "md", "week", "--week", "2026-W47")
    assert result.exit_code == 0 and result.output.startswith("# 梧桐墅客服部 前台周汇总 2026-W47\n")


@pytest.mark.parametrize("now, week", [(datetime(2026, 12, 7, 9, 0), "2026-W49"),    # a Monday: last week
                                       (datetime(2026, 11, 29, 23, 0), "2026-W47"),  # a Sunday: not yet over
                                       (datetime(2026, 11, 30, 0, 0), "2026-W48"),
                                       (datetime(2027, 1, 4, 8, 0), "2026-W53")])     # across the year's end
def test_the_default_is_the_last_complete_week(monkeypatch, now, week):
    monkeypatch.setattr(dates, "now", lambda: now)
    assert summary(DESK)["week"] == week


def test_a_week_without_registers_prints_zeros_and_says_so():
    result = wutong(DESK, "report", "week", "--week", "2026-W10", "--format", "md")
    assert result.exit_code == 0
    assert "\n本周没有前台登记表（records/desk/），登记表中的各项均为 0。\n" in result.output
    assert "| 前台登记表（份） | 0 |" in result.output and "| 包裹代收（件） | 0 |" in result.output
    got = summary(DESK, "--week", "2026-W10")
    assert got["registers"] == 0 and got["parcels"] == {"received": 0, "picked": 0, "waiting_at_end": 0}
    assert got["keys"]["lent"] == 0 and got["cards"]["issued"] == 0 and got["renovations"]["events"] == 0
    assert got["registers_missing"] == []   # before the first register, no day lacks one
    html = wutong(DESK, "report", "week", "--week", "2026-W10").output
    assert "<p>本周没有前台登记表（records/desk/），登记表中的各项均为 0。</p>" in html
    week47 = wutong(DESK, "report", "week", "--week", "2026-W47", "--format", "md").output
    assert "本周没有前台登记表" not in week47


def test_html_is_one_page_that_fetches_nothing():
    html = wutong(DESK, "report", "week", "--week", "2026-W47").output
    assert html.startswith("<!DOCTYPE html>") and "<title>梧桐墅客服部 前台周汇总 2026-W47</title>" in html
    received = count(DESK, "2026-W47")["received"]
    assert f'<td>包裹代收（件）</td>\n<td style="text-align:right">{received}</td>' in html
    assert "http://" not in html and "https://" not in html and "<script" not in html


def test_output_file(tmp_path):
    out = tmp_path / "w47.md"
    result = wutong(DESK, "report", "week", "--week", "2026-W47", "--format", "md", "-o", str(out))
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# 梧桐墅客服部 前台周汇总 2026-W47")


# --- masking ---------------------------------------------------------------------------------------

OWNER, PHONE = "龚建华", "13812345678"


@pytest.fixture(scope="module")
def named(tmp_path_factory) -> Path:
    """The sample with an owner's name and mobile in a renovation note and a key borrower of week 47."""
    root = copy_fixture("sample_desk", tmp_path_factory.mktemp("named") / "repo")
    case = root / "records/renovations/10-1-1201-202610.md"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "note: 催促后清运}", f"note: 催促后清运，业主{OWNER}{PHONE}已知悉}}"), encoding="utf-8")
    _add_rows(root / "records/desk/2026/11/2026-11-19.md", "keys", [
        f"{{home: 3-2-502, to: \"业主 {OWNER} {PHONE}\", purpose: 忘带钥匙, out: \"20:00\", by: xu-ting}}"])
    return root


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_owners_names_and_phones_are_masked(named, fmt):
    result = wutong(named, "report", "week", "--week", "2026-W47", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert OWNER not in result.output and PHONE not in result.output
    stars = "\\*" if fmt == "md" else "*"   # Markdown shows a masked character as an escaped star
    assert f"龚{stars * 2}" in result.output and f"138{stars * 4}5678" in result.output
    if fmt == "json":
        got = json.loads(result.output)
        assert got["keys"]["overdue"] == 2   # the key never returned is kept overnight


def test_without_a_duty_book_the_checked_figures_say_unchecked_not_zero():
    """No duty book (or one that does not link the desk's duties): no limit to judge by, so 未检查 / null, never 0."""
    from dataclasses import replace

    from wutong_docs.outputs.report.week import Week, week_figures
    from wutong_docs.outputs.report.week_render import render
    from wutong_docs.validate.pipeline import validated

    report = replace(validated(DESK, summary="{errors}"), duties=None)
    got = week_figures(report, Week(2026, 47), today=NOW.date())
    assert got["registers_missing"] is None
    assert (got["keys"]["overdue"], got["keys"]["limit_days"], got["keys"]["overdue_list"]) == (None, None, [])
    assert (got["cards"]["notified_on_time"], got["cards"]["notified_late"]) == (None, None)
    assert got["passes"]["used_expired"] is None
    assert got["keys"]["lent"] == count(DESK, "2026-W47")["lent"]   # what needs no rule is still counted
    md = render(got, report.org, report.known_names, "md")
    assert "| 钥匙过夜（次） | 未检查 |" in md and "| 工作日缺前台登记表（天） | 未检查 |" in md
    assert json.loads(render(got, report.org, report.known_names, "json"))["keys"]["overdue"] is None
