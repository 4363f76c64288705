"""`wutong calendar`: a role's month from the duty book, as HTML, Markdown and iCalendar."""

from __future__ import annotations

import re
import shutil

import pytest
from icalendar import Calendar

from conftest import SAMPLE, wutong

OCTOBER_WORKDAYS = [8, 9, 10, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 26, 27, 28, 29, 30]


def md_cells(markdown: str) -> dict[int, str]:
    """Day number -> the text of its cell in the Markdown month table."""
    cells = {}
    for row in markdown.splitlines():
        if row.startswith("| ") and "**" in row:
            for cell in row.strip("|").split(" | "):
                m = re.match(r"\s*\*\*(\d+)\*\*(.*)", cell)
                if m:
                    cells[int(m.group(1))] = m.group(2)
    return cells


def test_morning_meeting_falls_on_exactly_chinas_working_days():
    result = wutong(SAMPLE, "calendar", "--role", "area_manager", "--month", "2026-10", "--format", "md")
    assert result.exit_code == 0
    cells = md_cells(result.stdout)
    assert len(cells) == 31
    rest = re.compile(r"\s*(休|\S+·休)")
    assert [d for d, text in cells.items() if not rest.match(text)] == OCTOBER_WORKDAYS
    assert "调休上班" in cells[10] and "国庆节·休" in cells[1]
    # the morning meeting is the same on every working day: listed once under the grid, not in 18 cells
    assert "参加主管组织的早会" not in "".join(cells.values())
    assert result.stdout.count("参加主管组织的早会") == 1 and "## 每个工作日（周一至周五，含调休上班日）" in result.stdout


def test_monthly_deadlines_land_on_their_days():
    result = wutong(SAMPLE, "calendar", "--role", "supervisor", "--month", "2026-10", "--format", "md")
    cells = md_cells(result.stdout)
    deadlines = {d: text for d, text in cells.items() if "**截止**" in text}
    # 2 and 5 October are National Day: those deadlines moved to 30 September (due.py), shown there with why
    assert sorted(deadlines) == [28] and "包裹费用" in deadlines[28]
    september = md_cells(wutong(SAMPLE, "calendar", "--role", "supervisor", "--month", "2026-09", "--format", "md").stdout)
    deadlines = {d: text for d, text in september.items() if "**截止**" in text}
    assert sorted(deadlines) == [2, 4, 28, 30]
    assert "考勤表" in deadlines[2] and "包裹费用" in deadlines[28]
    assert "**截止** 5日前，提前自 09-05（周六） 记录资料存档" in deadlines[4]
    assert ("**截止** 2日前，提前自 10-02（国庆节） 交考勤表与绩效" in deadlines[30]
            and "**截止** 5日前，提前自 10-05（国庆节） 记录资料存档" in deadlines[30])
    assert "1日–10日 10 项工作开始" in cells[1] and "20日–月末 的工作截止" in cells[31]
    area = md_cells(wutong(SAMPLE, "calendar", "--role", "area_manager", "--month", "2026-11", "--format", "md").stdout)
    assert [d for d, text in area.items() if "**截止**" in text] == [20]
    assert [d for d, text in area.items() if "周报" in text] == [6, 13, 20, 27]


def test_an_estimated_month_says_so_and_marks_its_days():
    result = wutong(SAMPLE, "calendar", "--role", "front_desk", "--month", "2027-01", "--format", "md")
    # every day estimated: one notice for the month, not a badge in each of 31 cells
    assert "本月的休息/上班安排为估算" in result.stdout
    assert not any(" 估" in text for text in md_cells(result.stdout).values())
    october = wutong(SAMPLE, "calendar", "--role", "front_desk", "--month", "2026-10", "--format", "md")
    assert "估算" not in october.stdout


def test_a_staff_calendar_names_the_person_and_area():
    result = wutong(SAMPLE, "calendar", "--staff", "li-na", "--month", "2026-12", "--format", "md")
    assert result.stdout.startswith("# 2026年12月 李娜（片区管理员） 工作日历\n\n岗位：片区管理员　片区：A区（1、2、3、4栋）")


def test_ics_has_one_event_per_time_slot_in_shanghai_time():
    result = wutong(SAMPLE, "calendar", "--role", "area_manager", "--month", "2026-10", "--format", "ics")
    cal = Calendar.from_ical(result.stdout.encode("utf-8"))
    events = cal.walk("VEVENT")
    meetings = [e for e in events if "早会" in str(e["summary"])]
    assert [e.decoded("dtstart").day for e in meetings] == OCTOBER_WORKDAYS
    start = meetings[0].decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (8, 25, "Asia/Shanghai")
    assert "参加主管组织的早会" in str(meetings[0]["description"])
    reports = [e for e in events if str(e["summary"]) == "交周报"]
    assert [e.decoded("dtstart").day for e in reports] == [9, 16, 23, 30]  # Friday 2 October is a holiday
    assert cal.walk("VTIMEZONE")[0]["tzid"] == "Asia/Shanghai"
    # The count: the morning meeting on 18 working days, 4 Friday reports, and on each of 31 days
    # the 12:00 and 18:00 hand-overs and one all-day "今日职责"
    assert len(events) == 18 + 4 + 31 * 3
    assert len({e["uid"] for e in events}) == len(events)


def test_bad_requests_get_clear_errors():
    cases = [
        (["--role", "area_manager", "--month", "2026-13"], "错误：--month 2026-13 不存在：请核对月份（01–12），例如 2026-12\n"),
        (["--staff", "nobody", "--month", "2026-10"], "错误：员工 nobody 不在 records/org.yml 中\n"),
        (["--staff", "li-na", "--role", "front_desk", "--month", "2026-10"],
         "错误：李娜（li-na）的岗位是 area_manager（片区管理员），不是 front_desk\n"),
        (["--month", "2026-10"], "错误：请用 --role 指明岗位：supervisor（主管）、area_manager（片区管理员，也可写 片管员、片管）、"
                                 "front_desk（服务中心前台，也可写 前台），或用 --staff 指明员工\n"),
    ]
    for args, message in cases:
        result = wutong(SAMPLE, "calendar", *args)
        assert (result.exit_code, result.stderr) == (1, message)


def test_no_role_names_the_everyday_words_and_each_one_works():
    """Issue 23: the refusal lists the words staff may type for a role, and each listed word is taken as that role."""
    import re

    result = wutong(SAMPLE, "calendar", "--month", "2026-10")
    assert (result.exit_code, result.stdout) == (1, "")
    listed = re.findall(r"(\w+)（([^）]+)）", result.stderr.split("：", 2)[2])
    assert [role for role, _ in listed] == ["supervisor", "area_manager", "front_desk"]
    for role, words in listed:
        label, _, others = words.partition("，也可写 ")
        expected = wutong(SAMPLE, "calendar", "--role", role, "--month", "2026-10", "--format", "md").stdout
        for word in [label, *filter(None, others.split("、"))]:
            typed = wutong(SAMPLE, "calendar", "--role", word, "--month", "2026-10", "--format", "md")
            assert (typed.exit_code, typed.stdout) == (0, expected), word


def test_a_broken_duty_book_stops_the_calendar(good_repo):
    (good_repo / "records/duties.yml").write_text("version: 1\nroles: [\n", encoding="utf-8")
    result = wutong(good_repo, "calendar", "--role", "supervisor", "--month", "2026-10")
    assert result.exit_code == 1
    assert "records/duties.yml 缺失或有错误" in result.stderr


def test_html_escapes_the_duty_book_text(good_repo):
    (good_repo / "records/duties.yml").write_text(
        "version: 1\nroles:\n  - id: front_desk\n    name: 服务中心前台\n    periods:\n"
        "      - id: weekly\n        name: 每周\n        cadence: {every: workday, at: \"08:25\"}\n"
        "        duties:\n          - {id: x, text: \"<script>alert(1)</script> | {{ 7*7 }}\", short: \"<i>|{{}}\", record: cite}\n"
        # a cell shows the short label; the text still reaches the printed sheet through the reason of record: none
        "          - {id: y, text: 另一条, short: 另一条, record: none, reason: \"<script>alert(1)</script> | {{ 7*7 }}\"}\n",
        encoding="utf-8")
    html = wutong(good_repo, "calendar", "--role", "front_desk", "--month", "2026-10").stdout
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "{{ 7*7 }}" in html
    md = wutong(good_repo, "calendar", "--role", "front_desk", "--month", "2026-10", "--format", "md").stdout
    assert "&lt;script&gt;" in md and "&#124;" in md and all(row.count(" | ") == 6 for row in md.splitlines() if "**8**" in row)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_html_prints_on_a4_landscape(tmp_path):
    from playwright.sync_api import sync_playwright

    html = tmp_path / "calendar.html"
    wutong(SAMPLE, "calendar", "--role", "supervisor", "--month", "2026-10", "-o", str(html))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1047, "height": 718})  # A4 landscape less 10 mm margins
        page.emulate_media(media="print")
        page.goto(html.as_uri())
        pdf = page.pdf(prefer_css_page_size=True)
        grid_bottom = page.evaluate("document.querySelector('table.wt-cal-grid').getBoundingClientRect().bottom")
        browser.close()
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert sizes and all(abs(float(w) - 841.89) < 1 and abs(float(h) - 595.28) < 1 for w, h in sizes)
    assert grid_bottom < 718  # the month grid fits the first page: 190 mm at 96 dpi
