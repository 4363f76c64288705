"""The department's live records/ validate: the one test that reads them.

Every other test reads frozen fixtures (tests/fixtures/sample for the department's
own sample month), so an edit to records/ never changes a golden output. This test
sets the bar the pre-commit hook sets for the department: the records, org.yml,
the duty book and calendar.yml on the main branch have no error (a warning, such
as a dunning letter posted after the 20th, may be the department's own choice).
When it fails, the commit that broke it changed records/, not the code.
"""

from __future__ import annotations

from conftest import REPO, wutong


def test_the_live_records_have_no_error():
    result = wutong(REPO, "validate")
    errors = [line for line in result.stdout.splitlines() if " error WT" in line]
    assert (result.exit_code, errors) == (0, []), result.stdout
    assert "：0 个错误" in result.stderr, result.stderr


def test_the_live_rosters_match_the_logs():
    """November's roster is built from the logs kept: nobody off duty is asked for a log, nobody on a turn lacks one.

    Only 11-27 and 11-30 (after the sample's last logs, 11-26) may show missing logs; 11-17 (刘洋 on leave)
    and the weekend turns must not.
    """
    result = wutong(REPO, "check", "--date", "2026-11-30", "--format", "json")
    import json

    days = {g["date"] for g in json.loads(result.stdout)["gaps"] if g["category"] == "日志"}
    assert days == {"2026-11-27", "2026-11-30"}
