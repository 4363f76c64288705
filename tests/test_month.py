"""The Month value (core/dates.py): read once from "YYYY-MM", then asked for its days, its neighbours and its name."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from wutong_docs.core.dates import Month, as_month


@pytest.mark.parametrize("text", ["2026-11", "2026-01", "2000-01", "2099-12", "0001-01", "9999-12"])
def test_parse_and_format_round_trip(text):
    month = Month.parse(text)
    assert str(month) == f"{month}" == text
    assert Month.parse(str(month)) == month


def test_year_zero_is_refused_as_a_typo_since_no_day_of_it_exists():
    # it used to parse, then crash the roster's check on its first day (date() has no year 0)
    with pytest.raises(ValueError, match="year must be 0001 or later"):
        Month.parse("0000-01")


def test_parse_reads_year_and_month():
    assert Month.parse("2026-11") == Month(2026, 11)
    assert (Month.parse("2026-02").year, Month.parse("2026-02").month) == (2026, 2)
    assert Month.parse("２０２６-１１") == Month(2026, 11)   # typed full-width on a Chinese keyboard


@pytest.mark.parametrize("text, says", [
    ("2026/11", "'2026/11' is not a month: write it YYYY-MM, e.g. 2026-11"),
    ("2026-1", "'2026-1' is not a month: write it YYYY-MM, e.g. 2026-11"),
    ("26-11", "'26-11' is not a month: write it YYYY-MM, e.g. 2026-11"),
    ("2026-11-01", "'2026-11-01' is not a month: write it YYYY-MM, e.g. 2026-11"),
    (" 2026-11", "' 2026-11' is not a month: write it YYYY-MM, e.g. 2026-11"),
    ("2026-11\n", "'2026-11\\n' is not a month: write it YYYY-MM, e.g. 2026-11"),
    ("", "'' is not a month: write it YYYY-MM, e.g. 2026-11"),
    (None, "None is not a month: write it YYYY-MM, e.g. 2026-11"),
    (202611, "202611 is not a month: write it YYYY-MM, e.g. 2026-11"),
    ("2026-13", "'2026-13' is not a month: the month must be 01–12"),
    ("2026-00", "'2026-00' is not a month: the month must be 01–12"),
])
def test_bad_text_is_a_value_error_saying_what_is_wrong(text, says):
    with pytest.raises(ValueError) as raised:
        Month.parse(text)
    assert str(raised.value) == says


@pytest.mark.parametrize("year, month, says", [
    (2026, 13, "month 13 of 2026 is not a month: it must be 1–12"),
    (2026, 0, "month 0 of 2026 is not a month: it must be 1–12"),
    (10000, 1, "year 10000 is not a four-digit year (0000–9999)"),
    (-1, 12, "year -1 is not a four-digit year (0000–9999)"),
])
def test_an_impossible_month_cannot_be_made(year, month, says):
    with pytest.raises(ValueError) as raised:
        Month(year, month)
    assert str(raised.value) == says


def test_as_month_reads_text_and_passes_a_month_through():
    november = Month(2026, 11)
    assert as_month("2026-11") == november
    assert as_month(november) is november
    with pytest.raises(ValueError):
        as_month("2026/11")


@pytest.mark.parametrize("text, first, last", [
    ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
    ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),     # December: the year does not roll over
    ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),       # a common year
    ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),       # a leap year
    ("2000-02", date(2000, 2, 1), date(2000, 2, 29)),       # divisible by 400: leap
    ("2100-02", date(2100, 2, 1), date(2100, 2, 28)),       # divisible by 100 only: common
    ("2026-01", date(2026, 1, 1), date(2026, 1, 31)),
])
def test_first_and_last_day(text, first, last):
    month = Month.parse(text)
    assert (month.first, month.last) == (first, last)
    days = month.days()
    assert (days[0], days[-1], len(days)) == (first, last, last.day)
    assert all((b - a).days == 1 for a, b in zip(days, days[1:]))


def test_of_a_date_or_a_datetime_and_what_it_contains():
    november = Month(2026, 11)
    assert Month.of(date(2026, 11, 30)) == Month.of(datetime(2026, 11, 1, 0, 0)) == november
    assert date(2026, 11, 1) in november and datetime(2026, 11, 30, 23, 59, 59) in november
    assert date(2026, 12, 1) not in november and date(2025, 11, 15) not in november


@pytest.mark.parametrize("text, by, expected", [
    ("2026-01", -1, "2025-12"), ("2025-12", 1, "2026-01"),      # across a year end, both ways
    ("2026-11", -11, "2025-12"), ("2026-11", -23, "2024-12"), ("2026-11", 14, "2028-01"),
    ("2026-03", 0, "2026-03"), ("2026-12", 12, "2027-12"), ("2026-01", -12, "2025-01"),
])
def test_shift_across_year_ends(text, by, expected):
    month = Month.parse(text)
    assert str(month.shift(by)) == str(month + by) == str(month - (-by)) == expected
    assert Month.parse(expected) - month == by


def test_shift_beyond_four_digit_years_is_refused():
    with pytest.raises(ValueError):
        Month(9999, 12) + 1


def test_ordering_and_hashing():
    months = [Month.parse(t) for t in ("2026-11", "2025-12", "2026-02", "2026-10", "2025-12")]
    assert [str(m) for m in sorted(months)] == ["2025-12", "2025-12", "2026-02", "2026-10", "2026-11"]
    assert Month(2025, 12) < Month(2026, 1) < Month(2026, 2) and Month(2026, 11) >= Month(2026, 11)
    assert max(months) == Month(2026, 11)
    assert len(set(months)) == 4 and {Month(2026, 11): "x"}[Month.parse("2026-11")] == "x"
    assert Month(2026, 11) != "2026-11"   # a value, not text: text is read once with Month.parse


def test_a_month_is_frozen():
    month = Month(2026, 11)
    with pytest.raises(AttributeError):
        month.month = 12


@pytest.mark.parametrize("text, full, short, spaced, spaced_short", [
    ("2026-11", "2026年11月", "11月", "2026 年 11 月", "11 月"),
    ("2026-01", "2026年1月", "1月", "2026 年 1 月", "1 月"),
])
def test_chinese_labels(text, full, short, spaced, spaced_short):
    month = Month.parse(text)
    assert month.label() == full and month.label(year=False) == short
    assert month.label(spaced=True) == spaced and month.label(year=False, spaced=True) == spaced_short


def test_folder_and_date_formats():
    month = Month(2026, 1)
    assert month.folder == "2026/01" == f"{month:%Y/%m}"
    assert f"{month:%Y%m}" == "202601"
