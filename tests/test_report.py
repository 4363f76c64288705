"""The monthly report (issue 12): its figures counted again here, independently, from the files themselves.

The expected numbers are not copied from the report: each test reads the YAML or
CSV with PyYAML / csv and applies the pinned definitions (README "月报") by hand,
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
from wutong_docs.report.figures import figures
from wutong_docs.validate import validated

MONTH_END = datetime(2026, 11, 30, 23, 59, 59)
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
            n["overdue_at_end"] += not done and due < last
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
    assert got["overdue_at_end"] == base["overdue_at_end"]   # it has a done (11-27) by the end: not overdue
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
