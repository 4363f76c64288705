"""The mistakes clerks make most (issue 23, item 3): each named as such, at its line, with the line to write.

- a colon without a space after it (`date:2026-12-07`): WT025 on that line, not WT003's advice to quote;
- a staff id without its hyphen or written as a name: WT109 "是不是 …？" alone, never WT007's advice
  to rename the file after the wrong id; a name org.yml lists gets the line to write;
- a left-out `date:` shows the line to add, taken from the file name.
Each case feeds the text to `wutong validate` and checks the exact output and the exit status.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, wutong

LOG = "records/logs/2026/11/2026-11-26-li-na.md"
MINUTES = "records/minutes/2026/11/2026-11-23-weekly.md"
WEEKLY = "records/weekly/2026/2026-W48-li-na.md"
SPACE = "冒号后面少了一个空格：写成"


def edit(repo, rel: str, old: str, new: str):
    """Replace `old` (present once) by `new` in `rel`; `wutong validate` of the whole repository: (exit, stdout)."""
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = wutong(repo, "validate")
    return result.exit_code, result.stdout


# --- a colon without a space after it (WT025) ---------------------------------------------------

@pytest.mark.parametrize("old, new, line, said", [
    ("date: 2026-11-26", "date:2026-11-26", 2, "date:2026-11-26 冒号后面少了一个空格：写成 date: 2026-11-26"),
    ("staff: li-na", "staff:li-na", 3, "staff:li-na 冒号后面少了一个空格：写成 staff: li-na"),
    ('  - time: "09:40"', '  - time:"09:40"', 5, 'time:"09:40" 冒号后面少了一个空格：写成 time: "09:40"'),
    ("    note: 巡查正常", "    note:巡查正常", 8, "note:巡查正常 冒号后面少了一个空格：写成 note: 巡查正常"),
    ('  - time: "16:10"', '  - time:"16:10"', 7, 'time:"16:10" 冒号后面少了一个空格：写成 time: "16:10"'),
    ("slips: [", "slips:[", 9,
     "slips:[S-20261126-wang-fang-01] 冒号后面少了一个空格：写成 slips: [S-20261126-wang-fang-01]"),
])
def test_a_colon_without_a_space_is_named_at_its_line(good_repo, old, new, line, said):
    assert edit(good_repo, LOG, old, new) == (1, f"{LOG}:{line}: error WT025 {said}\n")


def test_the_issues_date_on_the_first_line(good_repo):
    """The issue's own example: `date:2026-12-07` in a December log."""
    text = (good_repo / LOG).read_text(encoding="utf-8").replace("date: 2026-11-26", "date:2026-12-07")
    rel = "records/logs/2026/12/2026-12-07-li-na.md"
    (good_repo / rel).parent.mkdir(parents=True)
    (good_repo / rel).write_text(text, encoding="utf-8")
    result = wutong(good_repo, "validate", str(good_repo / rel))
    assert (result.exit_code, result.stdout) == (
        1, f"{rel}:2: error WT025 date:2026-12-07 冒号后面少了一个空格：写成 date: 2026-12-07\n")


def test_a_patrol_of_one_field_without_the_space(good_repo):
    """`- note:巡查正常` alone is valid YAML (a text, not a field): the schema names the missing space."""
    assert edit(good_repo, LOG, '  - time: "16:10"\n    note: 巡查正常', "  - note:巡查正常") == (
        1, f"{LOG}:7: error WT025 note:巡查正常 冒号后面少了一个空格：写成 note: 巡查正常\n")


def test_a_text_with_a_colon_elsewhere_is_not_blamed(good_repo):
    """`- S-1:x` is a valid list item; the quote left open below it is the mistake."""
    assert edit(good_repo, LOG, "slips: [S-20261126-wang-fang-01]", 'slips:\n  - S-1:x\nnote: "未完') == (
        1, f"{LOG}:11: error WT024 这一行的引号 \" 没有配对：请在值的末尾补上 \"\n")


def test_a_url_and_a_time_are_no_missing_space(good_repo):
    """`http://…` and `09:40` hold a colon with no space after it, rightly: a later mistake is the one named."""
    assert edit(good_repo, LOG, "slips: [S-20261126-wang-fang-01]",
                "slips: [S-20261126-wang-fang-01]\nlinks:\n  - http://example.org/a\n  - 09:40\nstaff2：x") == (
        1, f"{LOG}:13: error WT020 字段名 staff2 后面用了中文冒号“：”；请改成英文冒号加一个空格：staff2: x\n")


# --- a staff id written wrong: WT109 alone ------------------------------------------------------

@pytest.mark.parametrize("written, said", [
    ("lina", "员工 lina 不在 records/org.yml 中（是不是 li-na？）"),
    ("李娜", "员工 李娜 不在 records/org.yml 中（李娜 是 li-na 的姓名：写 staff: li-na）"),
    ("吴刚", "员工 吴刚 不在 records/org.yml 中（这里写员工编号，不写姓名；新来的员工先加进 records/org.yml）"),
])
def test_an_unknown_staff_id_gets_no_advice_to_rename_the_file(good_repo, written, said):
    assert edit(good_repo, LOG, "staff: li-na", f"staff: {written}") == (1, f"{LOG}:3: error WT109 {said}\n")


def test_a_weekly_report_with_an_unknown_id(good_repo):
    assert edit(good_repo, WEEKLY, "staff: li-na", "staff: lina") == (
        1, f"{WEEKLY}:3: error WT109 员工 lina 不在 records/org.yml 中（是不是 li-na？）\n")


def test_an_unknown_id_and_a_wrong_date_name_the_id_first(good_repo):
    """The date does not match the file name either: that is said once the id is right."""
    text = (good_repo / LOG).read_text(encoding="utf-8").replace("date: 2026-11-26", "date: 2026-11-25")
    (good_repo / LOG).write_text(text, encoding="utf-8")
    assert edit(good_repo, LOG, "staff: li-na", "staff: lina") == (
        1, f"{LOG}:3: error WT109 员工 lina 不在 records/org.yml 中（是不是 li-na？）\n")
    assert edit(good_repo, LOG, "staff: lina", "staff: li-na") == (
        1, f"{LOG}:2: error WT007 文件路径与内容不一致：按内容这个文件应为 records/logs/2026/11/2026-11-25-li-na.md；"
           "请改文件名（或改正字段），使两者一致\n")


def test_a_known_id_in_the_wrong_file_still_gets_the_rename(good_repo):
    assert edit(good_repo, LOG, "staff: li-na", "staff: wang-fang") == (
        1, f"{LOG}:2: error WT007 文件路径与内容不一致：按内容这个文件应为 records/logs/2026/11/2026-11-26-wang-fang.md；"
           "请改文件名（或改正字段），使两者一致\n")


def test_a_name_in_a_list_gets_the_id_alone(good_repo):
    """In `attendees: [李娜, wang-fang]` the line to write is not `attendees: li-na`: the id alone is named."""
    assert edit(good_repo, MINUTES, "attendees: [li-na, wang-fang]", "attendees: [李娜, wang-fang]") == (
        1, f"{MINUTES}:6: error WT109 员工 李娜 不在 records/org.yml 中（李娜 是 li-na 的姓名：写 li-na）\n")


# --- a left-out date: the line to add, from the file name -----------------------------------------

def test_a_log_without_date(good_repo):
    assert edit(good_repo, LOG, "date: 2026-11-26\n", "") == (
        1, f"{LOG}:2: error WT101 缺少 date：按文件名应写 date: 2026-11-26\n")


def test_minutes_without_date(good_repo):
    assert edit(good_repo, MINUTES, "date: 2026-11-23\n", "") == (
        1, f"{MINUTES}:2: error WT101 缺少 date：按文件名应写 date: 2026-11-23\n")


@pytest.mark.parametrize("source", [
    "bad/WT905/records/desk/2026/11/2026-11-26.md",
    "report_survey/records/surveys/2026/11/2026-11-03-1-1-302.md",
    "registers/inspection/records/inspections/2026/11/2026-11-05-spot-A.md",
])
def test_every_kind_named_by_its_day(good_repo, source):
    """A desk register, a survey and an inspection: the line is taken from the file name too."""
    rel = source[source.index("records/"):]
    (good_repo / rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / source, good_repo / rel)
    text = (good_repo / rel).read_text(encoding="utf-8")
    day = rel.rsplit("/", 1)[1][:10]
    assert text.count(f"date: {day}\n") == 1
    (good_repo / rel).write_text(text.replace(f"date: {day}\n", ""), encoding="utf-8")
    result = wutong(good_repo, "validate", str(good_repo / rel))
    assert result.exit_code == 1
    assert f"{rel}:2: error WT101 缺少 date：按文件名应写 date: {day}\n" in result.stdout


def test_the_explanation_of_wt101_shows_the_line_to_add():
    """The handbook's entry and the 处理： line of `wutong check` give an example line, as the message does."""
    from wutong_docs.core.problems import CODES

    assert (CODES["WT101"].summary, CODES["WT101"].fix) == (
        "缺少必填字段", "在头信息（两行 --- 之间）加上缺的那一行“字段: 值”，例如缺 date 时加 date: 2026-11-26"
                       "（日期按文件名，提示里已写出），缺 staff 时加 staff: 员工编号")


def test_a_file_name_without_a_day_keeps_the_plain_message(good_repo):
    """A weekly report is named by its week: nothing to take a date from (and its field is `week`)."""
    assert edit(good_repo, WEEKLY, "staff: li-na\n", "") == (1, f"{WEEKLY}:2: error WT101 缺少必填字段 staff\n")
