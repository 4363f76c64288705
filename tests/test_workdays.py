"""China's working days: official calendar, make-up days, estimates, and the supervisor's overrides."""

from __future__ import annotations

from datetime import date

from conftest import SAMPLE
from wutong_docs.reference.workdays import ESTIMATE, OFFICIAL, RECORDS, load_overrides, day_info


def test_october_2026_working_days_follow_the_official_calendar():
    workdays = [d for d in range(1, 32) if day_info(date(2026, 10, d)).workday]
    assert workdays == [8, 9, 10, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 26, 27, 28, 29, 30]


def test_make_up_working_days_are_on_and_named():
    for day in (date(2026, 9, 20), date(2026, 10, 10)):
        info = day_info(day)
        assert info.workday and info.makeup and info.holiday == "国庆节"
    assert day_info(date(2026, 10, 3)).holiday == "国庆节" and not day_info(date(2026, 10, 3)).workday


def test_an_unannounced_year_is_estimated():
    new_year, monday = day_info(date(2027, 1, 1)), day_info(date(2027, 1, 4))
    assert (new_year.workday, new_year.holiday, new_year.source) == (False, "元旦", ESTIMATE)
    assert (monday.workday, monday.source) == (True, ESTIMATE)


def test_the_days_in_records_calendar_yml_win(tmp_path):
    (tmp_path / "records").mkdir()
    (tmp_path / "records/calendar.yml").write_text(
        "years:\n  - year: 2027\n    holidays:\n      - {from: 2027-01-01, to: 2027-01-03, name: 元旦}\n"
        "    workdays:\n      - {date: 2027-01-09, name: 元旦调休}\n", encoding="utf-8")
    overrides, problems = load_overrides(tmp_path)
    assert problems == []
    saturday = day_info(date(2027, 1, 9), overrides)
    assert (saturday.workday, saturday.makeup, saturday.holiday, saturday.source) == (True, True, "元旦调休", RECORDS)
    assert not day_info(date(2027, 1, 3), overrides).workday
    assert day_info(date(2027, 1, 4), overrides).source == RECORDS


def test_the_sample_calendar_file_lists_no_year_and_changes_nothing():
    overrides, problems = load_overrides(SAMPLE)
    assert (problems, overrides.years) == ([], frozenset())
    assert day_info(date(2026, 10, 10), overrides).source == OFFICIAL


def test_an_estimated_year_still_knows_the_lunar_holidays():
    spring, national = day_info(date(2027, 2, 6)), day_info(date(2027, 10, 1))   # 正月初一 2027, and 1 October
    assert (spring.workday, spring.holiday, spring.source) == (False, "春节", ESTIMATE)
    assert (national.workday, national.holiday) == (False, "国庆节")


def test_a_year_listed_in_calendar_yml_replaces_the_official_one_entirely(tmp_path):
    (tmp_path / "records").mkdir()
    (tmp_path / "records/calendar.yml").write_text(
        "years:\n  - year: 2026\n    holidays:\n      - {from: 2026-10-01, to: 2026-10-03, name: 国庆节}\n",
        encoding="utf-8")
    overrides, problems = load_overrides(tmp_path)
    assert problems == []
    # officially Monday 5 October is a holiday and Saturday 10 October a make-up day; this list says neither
    assert [(d.workday, d.holiday, d.source) for d in (day_info(date(2026, 10, 5), overrides),
                                                      day_info(date(2026, 10, 10), overrides))] == [
        (True, None, RECORDS), (False, None, RECORDS)]
    assert day_info(date(2026, 10, 2), overrides).holiday == "国庆节"
