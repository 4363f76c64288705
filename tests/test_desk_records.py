"""The front-desk register and the renovation case file: read from their files, valid when well written."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time

from conftest import FIXTURES, wutong
from wutong_docs.records import kind_of
from wutong_docs.read.front_matter import parse_markdown

DESK_GOOD = FIXTURES / "desk_good"


def with_desk(good_repo):
    shutil.copytree(DESK_GOOD, good_repo, dirs_exist_ok=True)
    return good_repo


def read(rel: str):
    text = (DESK_GOOD / rel).read_text(encoding="utf-8")
    doc, problems = parse_markdown(text, rel)
    assert problems == []
    return kind_of(rel).parse(doc)


def test_the_sample_register_and_case_validate(good_repo):
    result = wutong(with_desk(good_repo), "validate")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "已校验 8 个文件：0 个错误，0 个警告\n"


def test_a_register_row_keeps_its_fields_and_line():
    register, problems = read("records/desk/2026/11/2026-11-26.md")
    assert problems == []
    assert register.date == date(2026, 11, 26) and register.staff == ("wang-fang",)
    key = register.keys[0]
    assert (key.home, key.out, key.back, key.line) == ("3-2-501", time(9, 10), time(17, 40), 5)
    parcel = register.parcels[0]
    assert register.at(parcel.picked) == datetime(2026, 11, 27, 18, 30)
    assert register.at(parcel.arrived) == datetime(2026, 11, 26, 10, 5)
    assert [r.section for r in register.rows()] == ["keys", "parcels", "cards", "passes"]


def test_a_case_reads_permit_passes_and_events():
    case, problems = read("records/renovations/3-2-501-202611.md")
    assert problems == []
    assert (case.case, case.permit.applied, case.permit.deposit, case.status) == (
        "3-2-501-202611", date(2026, 11, 2), 2000, "open")
    assert [e.type for e in case.events] == ["inspection", "waste_started", "waste_removed", "violation"]
    assert case.passes[0].until == date(2026, 12, 31)


def test_a_case_named_for_another_month_is_misplaced(good_repo):
    repo = with_desk(good_repo)
    (repo / "records/renovations/3-2-501-202611.md").rename(repo / "records/renovations/3-2-501-202612.md")
    result = wutong(repo, "validate")
    assert result.stdout == ("records/renovations/3-2-501-202612.md:2: error WT007 文件路径与内容不一致："
                             "按内容这个文件应为 records/renovations/3-2-501-202611.md；请改文件名（或改正字段），使两者一致\n")
    assert result.exit_code == 1


def test_a_bare_unquoted_time_is_read_with_a_warning(good_repo):
    repo = with_desk(good_repo)
    path = repo / "records/desk/2026/11/2026-11-26.md"
    path.write_text(path.read_text(encoding="utf-8").replace('back: "17:40"', "back: 17:40"), encoding="utf-8")
    result = wutong(repo, "validate")
    assert "records/desk/2026/11/2026-11-26.md:5: warning WT107 back: 17:40 没有加引号" in result.stdout
    assert result.exit_code == 0
