"""The report's 工程质量 section, dunning letters by the 20th, the 12-month trend and 无记录 (issue 12).

The frozen fixture is a copy of tests/fixtures/sample_desk with the overlay
tests/fixtures/report_sections/ laid over it: slips in earlier months (one outside
the trend, a quality slip of September still open, a slip done after its month), a
repair slip sent to the developer, and a September with two arrears lists and two
dunning letters, one posted by the 20th and one after. Every expected number is
counted here from the files themselves (PyYAML, csv), not taken from the report.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, copy_fixture, wutong
from test_report import count_slips
from wutong_docs.outputs.report import figures as figures_module
from wutong_docs.outputs.report.figures import figures
from wutong_docs.validate.pipeline import validated

AREAS = {"A": range(1, 5), "B": range(5, 9), "C": range(9, 13), "D": range(13, 17)}  # the sample's org.yml
TREND = ["2025-12", *(f"2026-{m:02d}" for m in range(1, 12))]


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    repo = copy_fixture("sample_desk", tmp_path_factory.mktemp("sections") / "repo")
    return copy_fixture("report_sections", repo)


def _figures(root: Path, month: str) -> dict:
    return figures(validated(root, summary="记录有错误"), month)


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def _moment(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.strptime(str(value), "%Y-%m-%d %H:%M")


def _area(unit: str) -> str:
    return next(a for a, b in AREAS.items() if int(unit.split("-")[0]) in b)


def _month_end(month: str) -> datetime:
    year, mon = (int(p) for p in month.split("-"))
    return datetime(year + mon // 12, mon % 12 + 1, 1) - timedelta(seconds=1)


def _recorded(root: Path) -> set[str]:
    """Months with a file in some records/<kind>/YYYY/MM/ folder."""
    return {f"{p.parent.parent.name}-{p.parent.name}" for p in (root / "records").glob("*/*/*/*") if p.is_file()}


# --- 工程质量 ---------------------------------------------------------------------------

def count_quality(root: Path, month: str) -> dict:
    """Quality or developer slips opened in `month`, judged at its end; and earlier ones still open then."""
    org = yaml.safe_load((root / "records/org.yml").read_text(encoding="utf-8"))
    developer = {d["id"] for d in org["departments"] if d["id"] == "developer" or "开发商" in d["name"]}
    last = _month_end(month)
    zero = dict.fromkeys(("opened", "done", "done_on_time", "open_at_end", "overdue_at_end"), 0)
    total, by_area = dict(zero), {a: dict(zero) for a in AREAS}
    open_ids, overdue_ids, earlier, kinds = [], [], [], [0, 0]
    for path in sorted((root / "records/slips").rglob("*.md")):
        slip = _front(path)
        if slip["category"] != "quality" and slip["to"] not in developer:
            continue
        events = [e for e in slip.get("events") or [] if _moment(e["at"]) <= last]
        done = [_moment(e["at"]) for e in events if e["status"] == "done"]
        status = events[-1]["status"] if events else "open"
        still_open = status not in ("closed", "cancelled")
        overdue = status in ("open", "dispatched", "in_progress", "reopened") and _moment(slip["due"]) < last
        opened = f"{_moment(slip['opened']):%Y-%m}"
        if opened < month and still_open:
            earlier.append(slip["id"])
        if opened != month:
            continue
        kinds[0] += slip["category"] == "quality"
        kinds[1] += slip["to"] in developer
        for tally in (total, by_area[_area(slip["unit"])]):
            tally["opened"] += 1
            tally["done"] += bool(done)
            tally["done_on_time"] += bool(done) and done[0] <= _moment(slip["due"])
            tally["open_at_end"] += still_open
            tally["overdue_at_end"] += overdue
        if still_open:
            open_ids.append((_moment(slip["opened"]), slip["id"]))
        if overdue:
            overdue_ids.append((_moment(slip["opened"]), slip["id"]))
    return {**total, "quality_category": kinds[0], "to_developer": kinds[1], "by_area": by_area,
            "open_ids": [i for _, i in sorted(open_ids)], "overdue_ids": [i for _, i in sorted(overdue_ids)],
            "earlier_open": len(earlier), "earlier_open_ids": sorted(earlier)}


@pytest.mark.parametrize("month", ["2026-11", "2026-09"])
def test_quality_section_matches_a_count_from_the_files(root, month):
    got = _figures(root, month)["quality"]
    assert got == {"recorded": True, **count_quality(root, month)}


def test_quality_section_of_november_in_numbers(root):
    """The sample's 5 quality slips plus the overlay's repair slip sent to the developer; September's one still open."""
    got = _figures(root, "2026-11")["quality"]
    assert (got["opened"], got["quality_category"], got["to_developer"]) == (6, 5, 6)
    assert got["open_ids"] == ["S-20261105-xu-ting-01", "S-20261118-wang-fang-01", "S-20261121-huang-jing-01",
                               "S-20261123-zhou-xue-01"]
    assert got["overdue_ids"] == ["S-20261105-xu-ting-01"]
    assert got["earlier_open_ids"] == ["S-20260910-xu-ting-01"]
    text = wutong(root, "report", "--month", "2026-11", "--format", "md").stdout
    section = text[text.index("## 三、工程质量"):text.index("## 四、人员")]
    assert "| D区 | 3 | 2 | 1（50.0%） | 2 | 1 |\n| 合计 | 6 | 4 | 3（75.0%） | 4 | 1 |" in section
    assert ("月末未关闭：S-20261105-xu-ting-01（逾期）、S-20261118-wang-fang-01、S-20261121-huang-jing-01、"
            "S-20261123-zhou-xue-01。") in section
    assert "此前各月开单、11 月末仍未关闭的 1 张：S-20260910-xu-ting-01。" in section
    assert "口径：类别为房屋质量" in section


def test_a_month_without_quality_slips_says_so(root):
    text = wutong(root, "report", "--month", "2026-12", "--format", "md").stdout
    section = text[text.index("## 三、工程质量"):text.index("## 四、人员")]
    assert "12 月没有开单的房屋质量传递单或派往开发商工程部的传递单。" in section
    assert "| 合计 |" not in section


# --- 催缴函 -----------------------------------------------------------------------------

def count_dunning(root: Path, month: str) -> dict:
    """Households of the month's first list, by the earliest day a dunning letter of the month reached them."""
    folder = root / "records/arrears" / month.replace("-", "/")
    first = sorted(folder.glob("*.csv"))[0]
    with first.open(encoding="utf-8-sig") as f:
        homes = [row["unit"] for row in csv.DictReader(f)]
    reached: dict[str, int] = {}
    for path in (root / "records/notices" / month.replace("-", "/")).glob("*.md"):
        notice = _front(path)
        if notice["kind"] != "dunning":
            continue
        targets = notice["units"] if isinstance(notice["units"], list) else [notice["units"]]
        with (root / notice["arrears"]).open(encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                b, u, _ = row["unit"].split("-")
                if "all" in targets or b in targets or f"{b}-{u}" in targets:
                    reached[row["unit"]] = min(reached.get(row["unit"], 99), notice["posted"].day)
    keys = ("households", "posted_by_20th", "posted_later", "not_posted")
    total, by_area = dict.fromkeys(keys, 0), {a: dict.fromkeys(keys, 0) for a in AREAS}
    for home in homes:
        day = reached.get(home)
        outcome = "not_posted" if day is None else "posted_by_20th" if day <= 20 else "posted_later"
        for tally in (total, by_area[_area(home)]):
            tally["households"] += 1
            tally[outcome] += 1
    return {**total, "by_area": by_area}


@pytest.mark.parametrize("month", ["2026-09", "2026-11", "2026-12"])
def test_dunning_letters_match_a_count_from_the_files(root, month):
    assert _figures(root, month)["arrears"]["dunning"] == count_dunning(root, month)


def test_dunning_in_september_before_and_after_the_20th(root):
    """A and B/C letters: 18th (by the 20th), 25th citing the later list (after); 9-1-602 paid, 13-2 never dunned."""
    got = _figures(root, "2026-09")["arrears"]["dunning"]
    assert {k: got[k] for k in ("households", "posted_by_20th", "posted_later", "not_posted")} == {
        "households": 6, "posted_by_20th": 2, "posted_later": 2, "not_posted": 2}
    assert got["by_area"]["C"] == {"households": 2, "posted_by_20th": 0, "posted_later": 1, "not_posted": 1}
    text = wutong(root, "report", "--month", "2026-09", "--format", "md").stdout
    assert ("月初名单上的 6 户中，20 日前（含当天）张贴 2 户，20 日以后张贴 2 户，本月未张贴 2 户。") in text
    assert "| 合计 | 6 | 2 | 2 | 2 |" in text
    json_text = wutong(root, "report", "--month", "2026-09", "--format", "json").stdout
    for personal in ("1-1-501", "9-1-1203", "司马青云", "13800000101"):   # rooms, names, phones: never
        assert personal not in text and personal not in json_text


def test_no_arrears_list_no_dunning_figures(root):
    got = _figures(root, "2026-10")["arrears"]["dunning"]
    assert got["households"] is None and got["not_posted"] is None and got["by_area"]["A"]["households"] is None


# --- 12 个月趋势 -------------------------------------------------------------------------

def test_trend_is_twelve_months_each_its_own_cohort(root):
    trend = _figures(root, "2026-11")["trend"]
    assert [t["month"] for t in trend] == TREND
    recorded = _recorded(root)
    for row in trend:
        assert list(row) == ["month", "recorded", "opened", "done", "done_on_time", "open_at_end", "overdue_at_end"]
        last = _month_end(row["month"])
        expected = count_slips(root, last.replace(day=1, hour=0, minute=0, second=0), last)
        assert row["recorded"] == (row["month"] in recorded)
        assert {k: row[k] for k in list(row)[2:]} == {k: expected[k] for k in list(row)[2:]}, row["month"]
    by_month = {t["month"]: t for t in trend}
    assert by_month["2025-12"]["opened"] == 1                      # 2025-11's slip lies outside the trend
    assert (by_month["2026-09"]["opened"], by_month["2026-09"]["done"], by_month["2026-09"]["open_at_end"],
            by_month["2026-09"]["overdue_at_end"]) == (2, 0, 2, 1)  # the one done on 10-01 counts as open in 09
    assert [t["month"] for t in trend if t["recorded"]] == ["2025-12", "2026-09", "2026-11"]


def test_the_slips_are_grouped_once_for_every_month(root, monkeypatch):
    """The trend needs no second pass: figures() groups the slips by opened month once, each month takes its group."""
    calls = []
    real = figures_module.by_opened_month

    def counting(slips):
        calls.append(1)
        return real(slips)

    monkeypatch.setattr(figures_module, "by_opened_month", counting)
    _figures(root, "2026-11")
    assert len(calls) == 1


def test_trend_table_in_markdown(root):
    text = wutong(root, "report", "--month", "2026-11", "--format", "md").stdout
    assert "| 2025 年 12 月 | 1 | 1 | 1（100.0%） | 0 | 0 |" in text
    assert "| 2026 年 1 月 | 无记录 | — | — | — | — |" in text
    assert "| 2026 年 9 月 | 2 | 0 | 0 | 2 | 1 |" in text
    assert "| 2026 年 10 月 | 无记录 | — | — | — | — |\n| 2026 年 11 月 | 45 | 35 | 30（85.7%） | 15 | 9 |" in text


# --- 无记录 ------------------------------------------------------------------------------

def test_the_previous_month_without_records_says_so(root):
    """October 2026 has no record in any month folder (the renovation applied for on 10-20 is a case file)."""
    got = _figures(root, "2026-11")
    assert got["recorded"] is True and got["slips"]["recorded"] is True
    assert got["slips"]["previous"]["month"] == "2026-10" and got["slips"]["previous"]["recorded"] is False
    assert got["slips"]["previous"]["opened"] == 0            # the pinned keys stay, as numbers
    text = wutong(root, "report", "--month", "2026-11", "--format", "md").stdout
    assert "| 开单 | 45 | 无记录 |" in text and "| 月末逾期 | 9 | 无记录 |" in text
    html = wutong(root, "report", "--month", "2026-11").stdout
    assert '<td style="text-align:right">无记录</td>' in html


def test_a_month_without_records_is_not_zeros(root):
    got = _figures(root, "2026-10")
    assert got["recorded"] is False and got["slips"]["recorded"] is False and got["quality"]["recorded"] is False
    text = wutong(root, "report", "--month", "2026-10", "--format", "md").stdout
    assert "**本月无记录**" in text
    assert "| 开单 | 无记录 | 2 |" in text                       # September (the previous month) has records
    assert "10 月无记录。" in text and "10 月无记录（没有日志、会议记录和周报可统计）。" in text
    assert "**按类别与片区" not in text and "| 李娜 |" not in text
    assert "此前各月开单、10 月末仍未关闭的 1 张：S-20260910-xu-ting-01。" in text


def test_a_month_with_records_but_no_slip_shows_zeros(root):
    """December has notices and an arrears list: recorded, so its slip figures are real zeros."""
    got = _figures(root, "2026-12")
    assert got["recorded"] is True and got["slips"]["opened"] == 0
    text = wutong(root, "report", "--month", "2026-12", "--format", "md").stdout
    assert "| 开单 | 0 | 45 |" in text and "本月无记录" not in text


def test_the_overlay_is_valid_and_only_warns_about_the_late_letter(root):
    result = wutong(root, "validate")
    assert result.exit_code == 0
    assert "records/notices/2026/09/dunning-late.md:4: warning WT609" in result.output
    assert (FIXTURES / "report_sections/records/notices/2026/09/dunning-late.md").is_file()


def test_json_carries_the_new_keys(root):
    data = json.loads(wutong(root, "report", "--month", "2026-11", "--format", "json").stdout)
    assert {"recorded", "trend", "quality"} <= set(data) and "dunning" in data["arrears"]
    assert set(data["arrears"]["dunning"]) == {"households", "posted_by_20th", "posted_later", "not_posted", "by_area"}


def test_a_long_list_of_earlier_open_slips_is_cut_in_the_text_not_in_json(tmp_path):
    """Five years can leave hundreds of warranty slips open: the page lists the 20 oldest, JSON every id."""
    repo = copy_fixture("report_sections", copy_fixture("sample_desk", tmp_path / "repo"))
    folder = repo / "records/slips/2026/08"
    folder.mkdir(parents=True)
    for day in range(1, 22):
        slip_id = f"S-202608{day:02d}-xu-ting-01"
        (folder / f"{slip_id}.md").write_text(
            f"---\nid: {slip_id}\nopened: 2026-08-{day:02d} 10:00\nby: xu-ting\nchannel: visit\ncategory: quality\n"
            f"unit: 10-2-1503\nto: developer\ndue: 2026-09-{day:02d} 18:00\n---\n\n阳台地漏反水。\n", encoding="utf-8")
    data = json.loads(wutong(repo, "report", "--month", "2026-11", "--format", "json").stdout)["quality"]
    assert data["earlier_open"] == 22 == len(data["earlier_open_ids"])
    text = wutong(repo, "report", "--month", "2026-11", "--format", "md").stdout
    listed = ("、".join(f"S-202608{d:02d}-xu-ting-01" for d in range(1, 21)))
    assert (f"此前各月开单、11 月末仍未关闭的 22 张：{listed} 等（最早的 20 张；全部编号见 JSON 的 earlier_open_ids）。"
            in text)
    assert "S-20260821-xu-ting-01" not in text and "S-20260910-xu-ting-01" not in text


@pytest.mark.parametrize("month, by, expected", [("2026-01", -1, "2025-12"), ("2026-11", -11, "2025-12"),
                                                 ("2025-12", 1, "2026-01"), ("2026-03", 0, "2026-03")])
def test_shift_month_crosses_years(month, by, expected):
    from wutong_docs.core.dates import shift_month
    assert shift_month(month, by) == expected


def test_the_workbook_has_the_trend_quality_and_dunning_as_numbers(root, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "月报.xlsx"
    assert wutong(root, "report", "--month", "2026-09", "--format", "xlsx", "-o", str(path)).exit_code == 0
    book = openpyxl.load_workbook(path)
    rows = {r[0]: r[1:] for r in book["趋势"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert rows["2026年9月"] == (2, 0, 0, 2, 1) and rows["2026年8月"][0] == "无记录"
    quality = {r[0]: r[1:] for r in book["工程质量"].iter_rows(values_only=True) if r[0]}
    assert quality["合计"][:5] == (1, 0, 0, 1, 1) and quality["S-20260910-xu-ting-01"][0] == "逾期"
    arrears = [r for r in book["欠费"].iter_rows(values_only=True) if r[0] == "合计"]
    assert arrears[-1][1:5] == (6, 2, 2, 2) and all(type(v) is int for v in arrears[-1][1:5])
    assert "recorded" not in book.sheetnames
