"""A person's month in a phone's calendar (issue 13): few events a day, alarms on deadlines, all in Chinese."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from icalendar import Calendar

from conftest import SAMPLE, wutong

DECEMBER_WORKDAYS = [d for d in range(1, 32) if date(2026, 12, d).weekday() < 5]  # no holiday in December 2026
TEXT_PROPERTIES = ("SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "TZNAME", "COMMENT", "LOCATION")


def li_na_december() -> tuple[bytes, Calendar]:
    result = wutong(SAMPLE, "calendar", "--staff", "li-na", "--month", "2026-12", "--format", "ics")
    assert result.exit_code == 0, result.output
    raw = result.stdout.encode("utf-8")
    return raw, Calendar.from_ical(raw)


def day_of(event) -> date:
    start = event.decoded("dtstart")
    return start.date() if isinstance(start, datetime) else start


def test_no_more_than_five_events_on_any_day_and_none_of_zero_length():
    _, cal = li_na_december()
    events = cal.walk("VEVENT")
    per_day: dict[date, int] = {}
    for e in events:
        per_day[day_of(e)] = per_day.get(day_of(e), 0) + 1
        assert e.decoded("dtend") > e.decoded("dtstart"), e["summary"]
    assert sorted(per_day) == [date(2026, 12, d) for d in range(1, 32)]
    assert max(per_day[date(2026, 12, d)] for d in DECEMBER_WORKDAYS) <= 5
    assert max(per_day.values()) <= 5


def test_one_event_per_timed_duty_and_one_banner_a_day():
    _, cal = li_na_december()
    events = cal.walk("VEVENT")

    def days(summary: str) -> list[int]:
        return [day_of(e).day for e in events if summary in str(e["summary"])]

    assert days("早会") == DECEMBER_WORKDAYS
    assert days("交周报") == [4, 11, 18, 25, 31]   # W53's Friday is 1 January (元旦): moved back to the 31st
    cards = [e for e in events if "通知业主领卡" in str(e["summary"])]
    assert sorted({(c.decoded("dtend").hour) for c in cards}) == [12, 18] and len(cards) == 62
    banners = [e for e in events if str(e["summary"]).startswith("今日职责")]
    assert [day_of(e).day for e in banners] == list(range(1, 32))
    assert all(not isinstance(e.decoded("dtstart"), datetime) for e in banners)
    first = str(banners[0]["description"])
    assert "每日2次：巡视片区" in first and "本周内：" in first and "15:30：前台顶岗、业主档案更新" in first
    # no doubled times: the time is the event's, never repeated in its name
    assert not [e for e in events if re.search(r"\d+[:：点]", str(e["summary"]))]


def test_every_deadline_has_an_alarm_the_working_day_before():
    _, cal = li_na_december()
    deadlines = [e for e in cal.walk("VEVENT") if "截止" in str(e["summary"])]
    assert [(day_of(e), str(e["summary"])) for e in deadlines] == [
        (date(2026, 12, 18), "今日职责 · 截止：张贴入户门催缴函")]   # 20 December is a Sunday: moved back (due.py)
    for e in deadlines:
        alarms = e.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0]["action"]) == "DISPLAY"
        # due Friday the 18th: the alarm rings the working day before, Thursday the 17th, 09:00 Beijing
        assert alarms[0].decoded("trigger") == datetime(2026, 12, 17, 1, 0, tzinfo=timezone.utc)
        assert "明天截止：张贴入户门催缴函" == str(alarms[0]["description"])


def test_a_supervisor_deadline_after_a_weekend_warns_on_friday():
    result = wutong(SAMPLE, "calendar", "--role", "supervisor", "--month", "2026-12", "--format", "ics")
    cal = Calendar.from_ical(result.stdout.encode("utf-8"))
    warn = {day_of(e).day: e.walk("VALARM")[0].decoded("trigger").astimezone(timezone(timedelta(hours=8))).date()
            for e in cal.walk("VEVENT") if "截止" in str(e["summary"])}
    # 2nd (Wed) warns Tue 1st; the 28th (Mon) warns Friday the 25th; the 10th ends the 1st–10th span
    assert warn[2] == date(2026, 12, 1) and warn[28] == date(2026, 12, 25) and warn[10] == date(2026, 12, 9)


def test_no_english_text_not_even_in_the_time_zone():
    raw, cal = li_na_december()
    assert b"This timezone" not in raw and b"COMMENT" not in raw
    values = [str(component[name]) for component in cal.walk() for name in TEXT_PROPERTIES if name in component]
    assert len(values) > 100
    assert [v for v in values if re.search(r"[A-Za-z]", v)] == []
    assert [str(z["tzname"]) for z in cal.walk("STANDARD")] == ["北京时间"]


def test_the_program_is_named_in_prodid_not_the_estate():
    """PRODID names the program that made the file, the same for every estate (the code names no estate)."""
    raw, cal = li_na_december()
    assert str(cal["prodid"]) == "-//wutong//客服部记录系统//ZH"
    assert "梧桐墅" not in raw.decode("utf-8")
