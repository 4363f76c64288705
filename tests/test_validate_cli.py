"""`wutong validate` as staff and the pre-commit hook use it."""

from __future__ import annotations

import json

from conftest import wutong
from wutong_docs.core.problems import CODES

SLIP = "records/slips/2026/11/S-20261126-wang-fang-01.md"
LOG = "records/logs/2026/11/2026-11-26-li-na.md"


def test_valid_repository_passes_quietly(good_repo):
    result = wutong(good_repo, "validate")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "已校验 5 个文件：0 个错误，0 个警告\n"


def test_json_output_has_the_documented_keys(good_repo):
    text = (good_repo / SLIP).read_text(encoding="utf-8").replace("to: engineering", "to: enginering")
    (good_repo / SLIP).write_text(text, encoding="utf-8")
    result = wutong(good_repo, "validate", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [{
        "path": SLIP, "line": 9, "severity": "error", "code": "WT110",
        "message": "部门 enginering 不在 records/org.yml 中（是不是 engineering？）；可选：engineering（工程部）、maintenance（维护队）",
    }]


def test_given_paths_only_are_checked_but_references_resolve_against_the_repository(good_repo):
    (good_repo / "records/minutes/2026/11/2026-11-23-weekly.md").write_text("broken", encoding="utf-8")
    result = wutong(good_repo, "validate", str(good_repo / LOG))
    assert (result.exit_code, result.stdout) == (0, "")
    (good_repo / SLIP).unlink()
    result = wutong(good_repo, "validate", str(good_repo / LOG))
    assert result.stdout == (f"{LOG}:9: error WT112 传递单 S-20261126-wang-fang-01 不存在"
                             "（records/slips/ 下没有这张单）\n")
    assert result.exit_code == 1


def test_a_folder_checks_the_records_under_it(good_repo):
    (good_repo / SLIP).write_text("no front matter", encoding="utf-8")
    result = wutong(good_repo, "validate", str(good_repo / "records/logs"))
    assert (result.exit_code, result.stdout) == (0, "")
    result = wutong(good_repo, "validate", str(good_repo / "records/slips"))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{SLIP}:1: error WT002 ")


def test_a_missing_path_is_a_clear_error(good_repo):
    result = wutong(good_repo, "validate", str(good_repo / "records/nope.md"))
    assert result.exit_code == 1
    assert "路径不存在" in result.stderr and "Traceback" not in result.output


def test_root_is_found_upward_from_the_working_directory(good_repo, monkeypatch):
    monkeypatch.chdir(good_repo / "records/logs/2026")
    from click.testing import CliRunner
    from wutong_docs.cli.main import cli
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0


def test_a_root_without_records_is_refused(tmp_path):
    result = wutong(tmp_path, "validate")
    assert result.exit_code == 1
    assert result.stderr == f"错误：{tmp_path} 下没有 records/ 目录：--root 应指向记录仓库的根目录\n"


def test_list_codes_lists_every_code_with_its_fix():
    result = wutong(".", "validate", "--list-codes")
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(CODES)
    assert all("处理：" in line for line in lines)


def test_every_command_has_help_with_a_worked_example():
    from wutong_docs.cli.main import cli
    from wutong_docs.outputs.site.commands_page import leaf_commands
    commands = [path for path, _ in leaf_commands(cli)]
    assert {("validate",), ("new", "log"), ("new", "slip"), ("new", "minutes"), ("new", "weekly"),
            ("calendar",), ("check",)} <= set(commands)
    for path in commands:
        result = wutong(".", *path, "--help")
        assert result.exit_code == 0
        assert "例：" in result.stdout and "wutong " + " ".join(path) in result.stdout, path
