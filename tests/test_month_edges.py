"""Day ranges and deadlines near the end of short months: clamped to the month's last day, never a traceback."""

from __future__ import annotations

import pytest

from conftest import wutong

DUTIES = """version: 1
roles:
  - id: supervisor
    name: 主管
    periods:
      - id: month-end
        name: 月末
        cadence: {{every: month, days: [{first}, {last}]}}
        duties:
          - id: monthly-meeting
            text: 组织部门月度例会
            short: 部门月度例会
            record: minutes:monthly
          - id: card-fee-report
            text: 统计卡费
            short: 统计卡费
            cadence: {{every: month, by_day: {first}}}
            record: cite
"""


@pytest.mark.parametrize("first, last, month", [(31, "end", "2026-11"), (30, 31, "2026-02"), (29, "end", "2027-02")])
def test_a_range_starting_after_the_months_last_day_is_clamped(good_repo, first, last, month):
    (good_repo / "records/duties.yml").write_text(DUTIES.format(first=first, last=last), encoding="utf-8")
    assert wutong(good_repo, "validate").exit_code == 0
    for fmt in ("html", "md", "ics"):
        result = wutong(good_repo, "calendar", "--role", "supervisor", "--month", month, "--format", fmt)
        assert result.exit_code == 0, result.output
    day = {"2026-11": "2026-11-30", "2026-02": "2026-02-28", "2027-02": "2027-02-28"}[month]
    result = wutong(good_repo, "check", "--date", day, "--since", f"{month}-01")
    assert f"客服部（全部门）：1 项\n  {month} " in result.stdout
    assert result.exit_code == 1
