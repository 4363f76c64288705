"""The satisfaction survey kind (records/surveys/): reading, its rules beyond the bad fixtures, `wutong new survey`,
and the pre-commit check of a staged survey. Each code's exact output is in tests/fixtures/bad/WT96x/."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, wutong
from test_hook import repo, run_git, staged  # noqa: F401  (repo: a committed copy of tests/fixtures/good)
from wutong_docs.records import SURVEY, kind_of
from wutong_docs.records.survey import rated
from wutong_docs.outputs.site.kinds import published
from wutong_docs.validate.pipeline import validate

BLOCK = (FIXTURES / "report_survey" / "survey_block.yml").read_text(encoding="utf-8")
SURVEY_PATH = "records/surveys/2026/11/2026-11-12-3-2-501.md"
FULL = "{service: 5, repair: 4, cleaning: 5, greening: 4, security: 4, fees: 5}"


def with_items(root: Path) -> Path:
    (root / "records/duties.yml").write_text("version: 1\nroles: []\n" + BLOCK, encoding="utf-8")
    return root


def write(root: Path, rel: str, scores: str, home: str = "3-2-501", day: str = "2026-11-12", body: str = "") -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(f"---\nhome: {home}\ndate: {day}\nby: li-na\nscores: {scores}\n---\n{body}",
                            encoding="utf-8")


def lines(result) -> list[str]:
    return result.stdout.splitlines()


def test_a_full_survey_with_labels_for_ids_validates_and_counts_by_id(good_repo):
    with_items(good_repo)
    write(good_repo, SURVEY_PATH, "{客服服务: 5, 工程维修: 不评, 保洁: 3, greening: 4, security: 2, fees: 5}",
          body="楼道保洁不够勤。\n")
    result = wutong(good_repo, "validate")
    assert (result.exit_code, result.stdout) == (0, "")
    report = validate(good_repo)
    survey = next(r for r in report.records if kind_of(r.source.path) is SURVEY)
    assert survey.id == "2026-11-12-3-2-501" and survey.comment == "楼道保洁不够勤。"
    assert rated(survey, report.duties.survey) == {"service": 5, "cleaning": 3, "greening": 4, "security": 2,
                                                   "fees": 5}


def test_surveys_are_never_on_the_site(good_repo):
    """Per-home answers leave only as counts: the kind is withheld from the site like the arrears lists."""
    with_items(good_repo)
    write(good_repo, SURVEY_PATH, FULL)
    survey = next(r for r in validate(good_repo).records if kind_of(r.source.path) is SURVEY)
    assert SURVEY.published is False and published(SURVEY, survey) is False


def test_a_misplaced_survey_names_its_path(good_repo):
    with_items(good_repo)
    write(good_repo, "records/surveys/2026/11/3-2-501.md", FULL)
    result = wutong(good_repo, "validate")
    assert lines(result) == ["records/surveys/2026/11/3-2-501.md:3: error WT007 文件路径与内容不一致：按内容这个文件应为 "
                             f"{SURVEY_PATH}；请改文件名（或改正字段），使两者一致"]


def test_checking_one_survey_reads_the_items_but_not_the_duty_books_problems(good_repo):
    (good_repo / "records/duties.yml").write_text("version: 1\nroles: [{id: nobody}]\n" + BLOCK, encoding="utf-8")
    write(good_repo, SURVEY_PATH, "{service: 5, repair: 4, cleaning: 5, greening: 4, security: 4, fees: 5, lawn: 3}")
    result = wutong(good_repo, "validate", str(good_repo / SURVEY_PATH))
    assert lines(result) == [f"{SURVEY_PATH}:5: error WT960 调查项目 lawn 不在 records/duties.yml 的 survey.items 中；"
                             "可选：service（客服服务）、repair（工程维修）、cleaning（保洁）、greening（绿化）、"
                             "security（秩序维护）、fees（收费透明）"]
    assert "records/duties.yml" in wutong(good_repo, "validate").stdout.split(":")[0]


def test_a_scores_value_that_is_not_a_mapping(good_repo):
    with_items(good_repo)
    write(good_repo, SURVEY_PATH, "5")
    assert lines(wutong(good_repo, "validate")) == [
        f"{SURVEY_PATH}:5: error WT005 scores: 应写成每项一行的“项目: 分数”，例如 cleaning: 5"]


# --- wutong new survey ----------------------------------------------------------------------------

def new(root: Path, *args: str):
    return wutong(root, "new", "survey", "--home", "3-2-501", "--by", "li-na", "--date", "2026-11-12", *args)


def test_new_survey_lists_every_item_unscored_so_the_draft_fails_until_filled(good_repo):
    with_items(good_repo)
    result = new(good_repo)
    assert (result.exit_code, result.stdout) == (0, SURVEY_PATH + "\n")
    text = (good_repo / SURVEY_PATH).read_text(encoding="utf-8")
    assert text.startswith("---\nhome: 3-2-501\ndate: 2026-11-12\nby: li-na\n")
    assert "scores:\n  service:   # 客服服务\n  repair:    # 工程维修\n" in text and "  fees:      # 收费透明\n---\n" in text
    errors = lines(wutong(good_repo, "validate"))
    assert [e.split(" ", 3)[2] for e in errors] == ["WT961"] * 6
    assert errors[0] == (f"{SURVEY_PATH}:8: error WT961 service: 还没有打分：填 1–5 的整数（5 非常满意、4 满意、3 一般、"
                         "2 不满意、1 非常不满意）；业主不评价这一项的写 不评")
    filled = text
    for item, score in (("service", "5"), ("repair", "4"), ("cleaning", "5"), ("greening", "不评"),
                        ("security", "3"), ("fees", "4")):
        filled = filled.replace(f"  {item}:", f"  {item}: {score}", 1)
    (good_repo / SURVEY_PATH).write_text(filled, encoding="utf-8")
    result = wutong(good_repo, "validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_new_survey_takes_the_staff_by_name_or_from_the_environment(good_repo, monkeypatch):
    with_items(good_repo)
    monkeypatch.setenv("WUTONG_STAFF", "李娜")
    result = wutong(good_repo, "new", "survey", "--home", "1-1-101", "--date", "2026-11-12")
    assert result.stdout == "records/surveys/2026/11/2026-11-12-1-1-101.md\n"
    assert "\nby: li-na\n" in (good_repo / result.stdout.strip()).read_text(encoding="utf-8")


@pytest.mark.parametrize("home, message", [
    ("9-1-502", "错误：房号 9-1-502：9 栋 1 单元不在 records/org.yml 中\n"),
    ("3-2", "错误：房号 3-2 写法不对：应为 楼栋-单元-房号，例如 3-2-501\n"),
])
def test_new_survey_refuses_a_home_not_in_org_yml(good_repo, home, message):
    with_items(good_repo)
    result = wutong(good_repo, "new", "survey", "--home", home, "--by", "li-na", "--date", "2026-11-12")
    assert (result.exit_code, result.stderr) == (1, message)
    assert not (good_repo / "records/surveys").exists()


def test_new_survey_never_overwrites(good_repo):
    with_items(good_repo)
    write(good_repo, SURVEY_PATH, FULL)
    before = (good_repo / SURVEY_PATH).read_bytes()
    result = new(good_repo)
    assert (result.exit_code, result.stderr) == (1, f"错误：{SURVEY_PATH} 已存在，未做任何改动；请直接编辑该文件\n")
    assert (good_repo / SURVEY_PATH).read_bytes() == before


def test_new_survey_without_staff_or_items_is_one_line(good_repo, monkeypatch):
    monkeypatch.delenv("WUTONG_STAFF", raising=False)
    result = new(good_repo)   # tests/fixtures/good has no duties.yml
    assert (result.exit_code, result.stderr) == (
        1, "错误：records/duties.yml 中没有满意度调查项目（survey.items）：先在 duties.yml 中写 survey: 下一行 items:，"
           "每项一行“编号: 中文名称”，例如 cleaning: 保洁\n")
    with_items(good_repo)
    result = wutong(good_repo, "new", "survey", "--home", "3-2-501")
    assert (result.exit_code, result.stderr) == (1, "错误：请用 --by 指明做调查的员工编号（或设置环境变量 WUTONG_STAFF）"
        "；可用的员工编号：zhang-wei（张伟）、li-na（李娜）、wang-fang（王芳）\n")
    assert not (good_repo / "records/surveys").exists()


# --- the pre-commit check of a staged survey ----------------------------------------------------------

def test_a_staged_survey_is_checked_against_the_items_and_the_months_other_surveys(repo):  # noqa: F811
    with_items(repo)
    write(repo, "records/surveys/2026/11/2026-11-05-3-2-501.md", FULL, day="2026-11-05")
    run_git(repo, "add", "-A")
    run_git(repo, "commit", "-q", "--no-verify", "-m", "items and a first survey")
    write(repo, "records/surveys/2026/11/2026-11-20-3-2-501.md", FULL.replace("fees: 5", "fees: ５"), day="2026-11-20")
    run_git(repo, "add", "-A")
    result = staged(repo)
    assert lines(result) == [
        "records/surveys/2026/11/2026-11-20-3-2-501.md:2: warning WT964 3-2-501 本月已有调查"
        "（records/surveys/2026/11/2026-11-05-3-2-501.md）：每户每月调查一次，重复录入的删去一份",
        "records/surveys/2026/11/2026-11-20-3-2-501.md:5: error WT961 fees: 分数写成了“５”："
        "请只写半角数字 5（不带“分”，不用全角数字）"]
    assert result.exit_code == 1
