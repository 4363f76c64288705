"""The monthly report (issue 12): its figures counted again here, independently, from the files themselves.

The expected numbers are not copied from the report: each test reads the YAML or
CSV with PyYAML / csv and applies the pinned definitions (handbook: reference/reports.md) by hand,
on the frozen sample (November 2026) and on a copy of it with what the sample
lacks (an unsatisfied revisit, a second arrears list, a roster).
"""

from __future__ import annotations

import csv
import json
import statistics
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from conftest import SAMPLE, copy_fixture, wutong
from wutong_docs.outputs.report.figures import figures
from wutong_docs.validate.pipeline import validated

MONTH_END = datetime(2026, 11, 30, 23, 59, 59)
UNFINISHED = ("open", "dispatched", "in_progress", "reopened")   # the slip statuses with work still to do
AREAS = {"A": range(1, 5), "B": range(5, 9), "C": range(9, 13), "D": range(13, 17)}  # the sample's org.yml


def _moment(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.strptime(str(value), "%Y-%m-%d %H:%M")


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def count_slips(root: Path, first: datetime, last: datetime) -> dict:
    """The pinned slip figures, counted straight from the slip files."""
    n = dict.fromkeys(("opened", "done", "done_on_time", "revisited", "satisfied", "unsatisfied", "reopened",
                       "open_at_end", "overdue_at_end", "closed", "cancelled"), 0)
    by_category, hours = {}, []
    for path in sorted((root / "records/slips").rglob("*.md")):
        slip = _front(path)
        opened, due = _moment(slip["opened"]), _moment(slip["due"])
        if not first <= opened <= last:
            continue
        events = [e for e in slip.get("events") or [] if _moment(e["at"]) <= last]
        status = events[-1]["status"] if events else "open"
        done = [_moment(e["at"]) for e in events if e["status"] == "done"]
        visits = [e for e in events if e["status"] == "revisited"]
        n["opened"] += 1
        by_category[slip["category"]] = by_category.get(slip["category"], 0) + 1
        if done:
            n["done"] += 1
            n["done_on_time"] += done[0] <= due
            hours.append((done[0] - opened).total_seconds() / 3600)
        if visits:
            n["revisited"] += 1
            n[visits[-1]["result"]] += 1
        n["reopened"] += any(e["status"] == "reopened" for e in events)
        if status in ("closed", "cancelled"):
            n[status] += 1
        else:
            n["open_at_end"] += 1
            # overdue: past due and, as it stood, unfinished (a reopened slip counts though it was done once)
            n["overdue_at_end"] += status in UNFINISHED and due < last
    return {**n, "by_category": by_category, "median": round(statistics.median(hours), 1) if hours else None}


def count_arrears(path: Path) -> dict:
    """Households and amount per area in one finance list."""
    per = {area: [0, 0.0] for area in AREAS}
    with path.open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            area = next(a for a, b in AREAS.items() if int(row["unit"].split("-")[0]) in b)
            per[area][0] += 1
            per[area][1] += float(row["amount"])
    return per


@pytest.fixture
def november(tmp_path) -> Path:
    """The sample plus: a slip revisited unsatisfied and reopened, a later arrears list, a roster with leave."""
    root = copy_fixture("sample", tmp_path / "repo")
    (root / "records/slips/2026/11/S-20261127-li-na-01.md").write_text(
        "---\nid: S-20261127-li-na-01\nopened: 2026-11-27 09:00\nby: li-na\nchannel: patrol\ncategory: complaint\n"
        "unit: 2-1\nto: cleaning\ndue: 2026-11-28 18:00\nevents:\n"
        "  - {at: 2026-11-27 10:00, by: li-na, status: done, note: 已清理}\n"
        "  - {at: 2026-11-27 16:00, by: li-na, status: revisited, result: unsatisfied, note: 仍有异味}\n"
        "  - {at: 2026-11-27 16:05, by: li-na, status: reopened, note: 再派保洁}\n"
        "  - {at: 2026-12-01 09:00, by: li-na, status: done, note: 已消毒}\n"
        "---\n\n楼道垃圾清理后仍有异味。\n", encoding="utf-8")
    lines = (root / "records/arrears/2026/11/2026-11-10.csv").read_text(encoding="utf-8").splitlines()
    (root / "records/arrears/2026/11/2026-11-25.csv").write_text("\n".join(lines[:1] + lines[4:]) + "\n",
                                                                  encoding="utf-8")
    (root / "records/roster").mkdir()
    (root / "records/roster/2026-11.yml").write_text(
        "month: 2026-11\nturns:\n  - {date: 2026-11-07, staff: [li-na, wang-fang]}\n"
        "leave:\n  - {staff: li-na, from: 2026-11-16, to: 2026-11-17, kind: leave, note: 事假}\n", encoding="utf-8")
    return root


def _figures(root: Path, month: str = "2026-11") -> dict:
    return figures(validated(root, summary="记录有错误"), month)


@pytest.mark.parametrize("repo", ["sample", "november"])
def test_slip_figures_match_a_count_from_the_files(repo, request):
    root = SAMPLE if repo == "sample" else request.getfixturevalue("november")
    slips = _figures(root)["slips"]
    expected = count_slips(root, datetime(2026, 11, 1), MONTH_END)
    for key in ("opened", "done", "done_on_time", "revisited", "satisfied", "unsatisfied", "reopened",
                "open_at_end", "overdue_at_end", "closed", "cancelled"):
        assert slips[key] == expected[key], key
    assert {k: v for k, v in slips["by_category"].items() if v} == expected["by_category"]
    assert sum(sum(per.values()) for per in slips["by_area"].values()) == expected["opened"]
    assert slips["median_hours_to_done"] == expected["median"]


def test_the_sample_month_in_numbers():
    """The sample's November, pinned: 44 slips opened (the minutes' 41 were counted on the 25th)."""
    slips = _figures(SAMPLE)["slips"]
    assert (slips["opened"], slips["done"], slips["closed"], slips["cancelled"]) == (44, 34, 29, 1)
    assert slips["by_area"]["A"] == {"repair": 6, "complaint": 0, "inquiry": 2, "quality": 0, "other": 2}
    assert slips["previous"]["month"] == "2026-10" and slips["previous"]["opened"] == 0


def test_the_state_is_the_state_at_the_months_last_moment(november):
    """The extra slip: done, revisited unsatisfied, reopened, open at the end; its December done is not counted."""
    got = _figures(november)["slips"]
    base = count_slips(SAMPLE, datetime(2026, 11, 1), MONTH_END)
    assert got["opened"] == base["opened"] + 1
    assert got["unsatisfied"] == base["unsatisfied"] + 1 == 1
    assert got["reopened"] == base["reopened"] + 1
    assert got["open_at_end"] == base["open_at_end"] + 1
    # reopened on 11-27 and due on 11-28, its December done not counted: overdue though it had a done (issue 21)
    assert got["overdue_at_end"] == base["overdue_at_end"] + 1
    december = _figures(november, "2026-12")["slips"]
    assert december["previous"]["unsatisfied"] == 1 and december["opened"] == count_slips(
        november, datetime(2026, 12, 1), datetime(2026, 12, 31, 23, 59, 59))["opened"]


def test_arrears_per_area_first_and_last_list(november):
    arrears = _figures(november)["arrears"]
    first = count_arrears(november / "records/arrears/2026/11/2026-11-10.csv")
    last = count_arrears(november / "records/arrears/2026/11/2026-11-25.csv")
    assert arrears["lists"] == ["records/arrears/2026/11/2026-11-10.csv", "records/arrears/2026/11/2026-11-25.csv"]
    for area in AREAS:
        row = arrears["by_area"][area]
        assert (row["households_start"], row["households_end"]) == (first[area][0], last[area][0])
        assert (row["amount_start"], row["amount_end"]) == (round(first[area][1], 2), round(last[area][1], 2))
    org = yaml.safe_load((november / "records/org.yml").read_text(encoding="utf-8"))
    homes = 0
    for b in org["buildings"]:
        per = b["homes"]
        homes += sum(per.values()) if isinstance(per, dict) else per * len(b["units"])
    owing = sum(n for n, _ in last.values())
    assert arrears["homes"] == homes == 1301
    assert arrears["households_end"] == owing == 39 and arrears["households_start"] == 42
    assert arrears["collection_rate_end"] == round((homes - owing) / homes, 4)


def test_the_sample_arrears_are_finances_list():
    """The issue's figures: A 16, B 7, C 7, D 12 on the one list of November."""
    by_area = _figures(SAMPLE)["arrears"]["by_area"]
    assert {a: r["households_end"] for a, r in by_area.items()} == {"A": 16, "B": 7, "C": 7, "D": 12}


def test_a_month_without_a_list_has_no_arrears_figures():
    arrears = _figures(SAMPLE, "2026-10")["arrears"]
    assert arrears["lists"] == [] and arrears["households_end"] is None and arrears["collection_rate_end"] is None


def _weekly(root: Path, staff: str) -> tuple[int, int, int]:
    """On time, late, missing: November's Fridays (all working days) by 14:00, as the duty book asks."""
    on_time = late = missing = 0
    for friday in (date(2026, 11, 6) + timedelta(weeks=i) for i in range(4)):
        year, week, _ = friday.isocalendar()
        path = root / f"records/weekly/{year}/{year}-W{week:02d}-{staff}.md"
        if not path.exists():
            missing += 1
        elif _moment(_front(path)["submitted"]) > datetime.combine(friday, datetime.min.time()).replace(hour=14):
            late += 1
        else:
            on_time += 1
    return on_time, late, missing


def _logs(root: Path, staff: str) -> tuple[int, int]:
    """Log days and days with both patrols."""
    logs = [_front(p) for p in (root / "records/logs/2026/11").glob(f"2026-11-??-{staff}.md")]
    return len(logs), sum(1 for log in logs if len(log.get("patrols") or []) >= 2)


@pytest.mark.parametrize("staff", ["li-na", "chen-lei"])
def test_people_without_a_roster_work_the_working_days(staff):
    person = next(p for p in _figures(SAMPLE)["people"] if p["staff"] == staff)
    weekdays = sum(1 for d in range(1, 31) if date(2026, 11, d).weekday() < 5)   # no holiday in November 2026
    assert (person["duty_basis"], person["duty_days"]) == ("workdays", weekdays)
    assert (person["log_days"], person["patrol_days"]) == _logs(SAMPLE, staff)
    assert (person["weekly_on_time"], person["weekly_late"], person["weekly_missing"]) == _weekly(SAMPLE, staff)


def test_people_with_a_roster(november):
    """li-na: one Saturday turn, two days of leave; chen-lei: as the working days."""
    people = {p["staff"]: p for p in _figures(november)["people"]}
    assert people["li-na"]["duty_basis"] == "roster"
    assert people["li-na"]["duty_days"] == 21 + 1 - 2
    assert people["chen-lei"]["duty_days"] == 21
    assert people["chen-lei"]["weekly_late"] == 1


def test_meetings_and_training_attended():
    people = {p["staff"]: p for p in _figures(SAMPLE)["people"]}
    attended = {"meetings": 0, "training": 0}
    for path in (SAMPLE / "records/minutes/2026/11").glob("*.md"):
        m = _front(path)
        if "xu-ting" in m["attendees"] or m["chair"] == "xu-ting":
            attended["training" if m["kind"] == "training" else "meetings"] += 1
    assert {k: people["xu-ting"][k] for k in attended} == attended


# --- wutong report: the command ---------------------------------------------------------------------------------

PINNED = {"month", "slips", "arrears", "people"}
PINNED_SLIPS = {"opened", "by_category", "done", "done_on_time", "revisited", "satisfied", "unsatisfied", "reopened",
                "open_at_end", "overdue_at_end"}
PINNED_PERSON = {"staff", "duty_days", "log_days", "weekly_on_time", "weekly_late", "weekly_missing"}


def test_json_has_the_pinned_keys_and_the_counted_numbers():
    result = wutong(SAMPLE, "report", "--month", "2026-11", "--format", "json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert PINNED <= set(got) and PINNED_SLIPS <= set(got["slips"])
    assert {"households_start", "households_end", "collection_rate_end"} <= set(got["arrears"])
    assert all(PINNED_PERSON <= set(p) for p in got["people"])
    assert got["month"] == "2026-11"
    expected = count_slips(SAMPLE, datetime(2026, 11, 1), MONTH_END)
    assert {k: got["slips"][k] for k in PINNED_SLIPS - {"by_category"}} == {k: expected[k] for k in PINNED_SLIPS
                                                                            - {"by_category"}}
    assert (got["arrears"]["households_start"], got["arrears"]["households_end"]) == (42, 42)
    assert isinstance(got["arrears"]["collection_rate_end"], float)


def _owners_and_phones(root: Path) -> list[str]:
    """Every owner's name and phone the sample holds: arrears lists and slip contacts."""
    found = []
    for path in (root / "records/arrears").rglob("*.csv"):
        with path.open(encoding="utf-8-sig") as f:
            found += [v for row in csv.DictReader(f) for v in (row["owner"], row["phone"]) if v]
    for path in (root / "records/slips").rglob("*.md"):
        contact = _front(path).get("contact")
        if contact:
            found += [part for part in str(contact).split() if len(part) > 1 and not part.endswith(("先生", "女士"))]
    return found


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_no_owner_name_or_phone_in_any_format(fmt):
    text = wutong(SAMPLE, "report", "--month", "2026-11", "--format", fmt).stdout
    leaks = _owners_and_phones(SAMPLE)
    assert len(leaks) > 40
    assert [x for x in leaks if x in text] == []


def test_markdown_states_the_definitions_under_the_slip_table():
    text = wutong(SAMPLE, "report", "--month", "2026-11", "--format", "md").stdout
    slips, arrears = text.index("## 一、投诉与报修"), text.index("## 二、欠费")
    # October 2026 has no record at all in the sample: 无记录, not a column of zeros (report/recorded.py)
    assert slips < text.index("| 开单 | 44 | 无记录 |") < text.index("口径：") < arrears
    assert ("- 月末逾期：到月末的状态为待派工、已派工、处理中或重新打开（重新打开的即使完成过也算），"
            "且已过完成期限 due\n") in text
    assert "| A区 | 198 | 16 | 16 | 15,063.40 | 15,063.40 | 91.9% |" in text
    assert "| 李娜 | 片区管理员 | 21 | 19 | 2 | 19 | 3 | 0 | 1 | 24 | 1 |" in text
    assert "## 五、前台\n\n暂无登记。\n\n## 六、满意度调查\n\n本月无调查记录。\n\n## 七、检查与整改\n\n本月无检查记录。\n" in text
    # the supervisor's registers (issue 22) come before the analysis; the sample has none of them
    assert ("## 八、欠费案件\n\n本月没有在办的欠费案件（records/cases/）。\n\n"
            "## 九、历史遗留问题\n\n本月没有未结的历史遗留问题（records/legacy/）。\n\n"
            "## 十、车位租用\n\n暂无登记。\n\n## 十一、对外工作单\n\n") in text
    assert text.rstrip().endswith("## 十二、分析与整改\n\n主管尚未填写本月分析（wutong new report --month 2026-11）。")


def test_html_is_one_page_with_tables_and_nothing_fetched():
    html = wutong(SAMPLE, "report", "--month", "2026-11").stdout
    assert html.startswith("<!DOCTYPE html>") and "<title>梧桐墅客服部 2026 年 11 月月报</title>" in html
    # slips, by area, trend, arrears, dunning, quality, people (the desk has no register)
    assert html.count("<table>") == 7
    assert "<td>暂无登记。</td>" not in html and "<p>暂无登记。</p>" in html
    assert "http" not in html and "<script" not in html


def test_the_desk_section_shows_the_card_fees(november):
    (november / "records/desk/2026/11").mkdir(parents=True)
    (november / "records/desk/2026/11/2026-11-27.md").write_text(
        "---\ndate: 2026-11-27\nstaff: [wang-fang]\ncards:\n"
        '  - {kind: car_card, home: 3-1-302, applied: "09:00", fee: 100, by: wang-fang}\n'
        '  - {kind: car_card, home: 3-1-302, applied: "09:05", fee: 100, by: wang-fang}\n'
        '  - {kind: key_fob, home: 2-1-1201, applied: "10:00", by: wang-fang}\n---\n', encoding="utf-8")
    got = json.loads(wutong(november, "report", "--month", "2026-11", "--format", "json").stdout)["desk"]
    assert got["registers"] == 1
    assert [(f["kind"], f["count"], f["charged"], f["total"]) for f in got["fees"]] == [
        ("owner_card", 0, 0, 0), ("car_card", 2, 2, 200), ("key_fob", 1, 0, 0)]
    text = wutong(november, "report", "--month", "2026-11", "--format", "md").stdout
    assert "| 车卡 | 2 | 2 | 200 |\n| 钥匙扣 | 1 | 0 | 0 |\n| 合计 | 3 | 2 | 200 |" in text
    assert "暂无登记" not in text[text.index("## 五、前台"):text.index("## 六、")]


def test_output_file_is_not_overwritten_without_force(tmp_path):
    target = tmp_path / "月报.html"
    assert wutong(SAMPLE, "report", "--month", "2026-11", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    again = wutong(SAMPLE, "report", "--month", "2026-11", "-o", str(target))
    assert (again.exit_code, again.stderr) == (1, f"错误：{target} 已存在，未覆盖：要替换它请加 --force，或换一个文件名\n")
    assert wutong(SAMPLE, "report", "--month", "2026-11", "-o", str(target), "--force").exit_code == 0


@pytest.mark.parametrize("month, message", [
    ("2026-13", "错误：--month 2026-13 不存在：请核对月份（01–12），例如 2026-12\n"),
    ("2026/11", "错误：--month 2026/11 写法不对：应写成 YYYY-MM，例如 2026-12；"
                "也可写 2026年12月、2026.12、12月（今年）、本月、上月\n"),
    ("1999-12", "错误：--month 1999-12 的年份不在 2000–2099 之间：请写 2000 至 2099 年的月份，例如 2026-12\n"),
])
def test_a_bad_month_is_one_chinese_line(month, message):
    result = wutong(SAMPLE, "report", "--month", month)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)


def test_invalid_records_stop_the_report(november):
    slip = november / "records/slips/2026/11/S-20261127-li-na-01.md"
    slip.write_text(slip.read_text(encoding="utf-8").replace("category: complaint", "category: 天气"), encoding="utf-8")
    result = wutong(november, "report", "--month", "2026-11", "--format", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("records/slips/2026/11/S-20261127-li-na-01.md:6: error ")
    assert result.stderr.endswith("错误：记录有 1 个错误，未生成月报：改正后再运行 wutong report（wutong validate 可查看全部）\n")
