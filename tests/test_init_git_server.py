"""`wutong init` names the department's Git server in mkdocs.yml (repo_url, edit_uri), from options or asked.

The values are read with the site's own reader (reference/git_server.py) before anything is
written; without a server the two lines are written commented out, once, with an example.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from wutong_docs.authoring.new_estate import render
from wutong_docs.cli.main import cli
from wutong_docs.data import CONFIG
from wutong_docs.reference.git_server import git_server

from conftest import REPO, wutong

URL = "https://git.example.org/yinxing/records"
ASK_URL = "记录仓库在 Git 服务器（Gitea）上的网址（没有就直接回车）: "
COMMENT = "# 站点上每份记录旁的“在线修改”、每人页面的“我的今天”链接到这里的网页编辑器；不填就不显示这些链接。\n"
COMMENTED_OUT = "# repo_url: https://git.example.org/wutong/records\n# edit_uri: _edit/main/\n"
BAD_URL = ("错误：mkdocs.yml 的 repo_url 写法不对：{}；应写记录仓库在 Git 服务器上的网址，"
           "例如 repo_url: https://git.example.org/wutong/records。未写入任何文件：请改正 --repo-url 的值\n")
BAD_BRANCH = ("错误：mkdocs.yml 的 edit_uri 写法不对：{}；应写成 edit_uri: _edit/分支名/（Gitea，例如 _edit/main/）"
              "或 edit/分支名/（GitHub），分支名后面不再加目录。未写入任何文件：请改正 --branch 的值\n")


def init(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["init", *args], input=input, catch_exceptions=False)


def server_lines(root: Path) -> list[str]:
    """mkdocs.yml's active repo_url and edit_uri lines."""
    return [line for line in (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
            if line.startswith(("repo_url:", "edit_uri:"))]


def test_the_options_write_repo_url_and_edit_uri_and_the_estate_validates_and_builds(tmp_path):
    root = tmp_path / "银杏苑"
    result = init(str(root), "--repo-url", URL)
    assert result.exit_code == 0, result.output
    assert "在 mkdocs.yml 中填上 repo_url" not in result.output
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"{COMMENT}" in config and config.count(COMMENT) == 1
    assert f"repo_url: {URL}\nedit_uri: _edit/main/\n" in config
    assert "# repo_url:" not in config and "# edit_uri:" not in config   # the example is not left beside them
    assert git_server(URL, "_edit/main/").edit_url("records/org.yml") == f"{URL}/_edit/main/records/org.yml"
    validated = wutong(root, "validate")
    assert (validated.exit_code, validated.output) == (0, "已校验 4 个文件：0 个错误，0 个警告\n")
    built = wutong(root, "build")
    assert built.exit_code == 0, built.output
    assert (root / "site/index.html").is_file()


@pytest.mark.parametrize("args, lines", [
    (["--branch", "records"], ["repo_url: " + URL, "edit_uri: _edit/records/"]),
    (["--server", "github"], ["repo_url: " + URL, "edit_uri: edit/main/"]),
    (["--server", "github", "--branch", "dev"], ["repo_url: " + URL, "edit_uri: edit/dev/"]),
])
def test_branch_and_server_make_the_edit_uri(tmp_path, args, lines):
    result = init(str(tmp_path / "r"), "--repo-url", URL, *args)
    assert result.exit_code == 0, result.output
    assert server_lines(tmp_path / "r") == lines


def test_an_address_on_github_com_is_github_unless_told_otherwise(tmp_path):
    assert init(str(tmp_path / "a"), "--repo-url", "https://github.com/wutong/records").exit_code == 0
    assert server_lines(tmp_path / "a") == ["repo_url: https://github.com/wutong/records", "edit_uri: edit/main/"]
    assert init(str(tmp_path / "b"), "--repo-url", "https://github.com/wutong/records", "--server", "gitea").exit_code == 0
    assert server_lines(tmp_path / "b") == ["repo_url: https://github.com/wutong/records", "edit_uri: _edit/main/"]


@pytest.mark.parametrize("url", ["ftp://git.example.org/records", "git.example.org/records",
                                 "https://git.example.org/records?x=1", "http://[bad"])
def test_a_bad_address_exits_1_and_leaves_no_folder(tmp_path, url):
    result = init(str(tmp_path / "r"), "--repo-url", url)
    assert (result.exit_code, result.output) == (1, BAD_URL.format(url))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["https://git.example.org/a b", "https://git.example.org/a\nb", "https://git.example.org/\x1b"])
def test_an_address_with_a_space_or_control_character_is_refused(tmp_path, url):
    result = init(str(tmp_path / "r"), "--repo-url", url)
    assert (result.exit_code, result.output) == (
        1, "错误：mkdocs.yml 的 repo_url 中不能有空格、换行或控制字符。未写入任何文件：请改正 --repo-url 的值\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("branch, edit_uri", [("feature/x", "_edit/feature/x/"), ("", "_edit//"), ("a b", "_edit/a b/")])
def test_a_bad_branch_exits_1_and_leaves_no_folder(tmp_path, branch, edit_uri):
    result = init(str(tmp_path / "r"), "--repo-url", URL, "--branch", branch)
    assert (result.exit_code, result.output) == (1, BAD_BRANCH.format(edit_uri))
    assert list(tmp_path.iterdir()) == []


def test_a_bad_server_is_refused_by_its_choices(tmp_path):
    result = init(str(tmp_path / "r"), "--repo-url", URL, "--server", "gitlab")
    assert result.exit_code == 2 and "gitlab" in result.output
    assert list(tmp_path.iterdir()) == []


def test_ask_asks_for_the_address_and_the_branch(tmp_path):
    root = tmp_path / "银杏苑"
    result = init(str(root), "--ask", input=f"{URL}\n\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{ASK_URL}{URL}\n分支 [main]: \n已建立记录仓库 {root}（12 个文件）")
    assert server_lines(root) == ["repo_url: " + URL, "edit_uri: _edit/main/"]
    assert wutong(root, "validate").exit_code == 0


def test_ask_asks_again_after_a_bad_answer(tmp_path):
    result = init(str(tmp_path / "r"), "--ask", input=f"ftp://x\n{URL}\nfeature/x\ndev\n")
    assert result.exit_code == 0, result.output
    assert ("错误：mkdocs.yml 的 repo_url 写法不对：ftp://x；应写记录仓库在 Git 服务器上的网址，"
            "例如 repo_url: https://git.example.org/wutong/records；请重新输入\n") in result.output
    assert ("错误：mkdocs.yml 的 edit_uri 写法不对：_edit/feature/x/；应写成 edit_uri: _edit/分支名/（Gitea，例如 _edit/main/）"
            "或 edit/分支名/（GitHub），分支名后面不再加目录；请重新输入\n") in result.output
    assert server_lines(tmp_path / "r") == ["repo_url: " + URL, "edit_uri: _edit/dev/"]
    assert "git init -b dev && git add -A" in result.output   # the first commit goes to the branch the links open


def test_ask_with_a_bad_branch_option_ends_as_without_asking(tmp_path):
    result = init(str(tmp_path / "r"), "--ask", "--branch", "a/b", input=f"{URL}\n")
    assert (result.exit_code, result.output) == (1, ASK_URL + URL + "\n" + BAD_BRANCH.format("_edit/a/b/"))
    assert list(tmp_path.iterdir()) == []


def test_ask_does_not_ask_for_a_branch_the_options_gave(tmp_path):
    result = init(str(tmp_path / "r"), "--ask", "--branch", "dev", "--server", "github", input=f"{URL}\n")
    assert result.exit_code == 0, result.output
    assert "分支" not in result.output
    assert server_lines(tmp_path / "r") == ["repo_url: " + URL, "edit_uri: edit/dev/"]


def test_ask_answered_empty_writes_the_lines_commented_out_once(tmp_path):
    root = tmp_path / "r"
    result = init(str(root), "--ask", input="\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{ASK_URL}\n已建立记录仓库")
    assert "分支" not in result.output
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert server_lines(root) == [] and config.count(COMMENT) == 1 and config.count(COMMENTED_OUT) == 1
    assert wutong(root, "build").exit_code == 0


def test_without_a_terminal_nothing_is_asked_and_the_lines_are_commented_out(tmp_path):
    """CliRunner's stdin is no terminal: init must not wait for an answer no one will type."""
    root = tmp_path / "r"
    result = init(str(root))
    assert result.exit_code == 0, result.output
    assert ASK_URL not in result.output
    assert result.output.endswith("  4. 有了 Git 服务器上的记录仓库后，在 mkdocs.yml 中填上 repo_url 和 edit_uri"
                                  "（见其中的注释），站点上就有“在线修改”链接\n")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert server_lines(root) == [] and config.count(COMMENT) == 1 and config.count(COMMENTED_OUT) == 1


def test_at_a_terminal_init_asks_unless_told_not_to_or_given_the_address(tmp_path, monkeypatch):
    monkeypatch.setattr("wutong_docs.cli.init._stdin_is_a_terminal", lambda: True)
    result = init(str(tmp_path / "a"), input=f"{URL}\n\n")
    assert result.exit_code == 0 and result.output.startswith(ASK_URL), result.output
    assert server_lines(tmp_path / "a") == ["repo_url: " + URL, "edit_uri: _edit/main/"]
    result = init(str(tmp_path / "b"), "--no-ask")
    assert result.exit_code == 0 and ASK_URL not in result.output
    result = init(str(tmp_path / "c"), "--repo-url", URL)
    assert result.exit_code == 0 and ASK_URL not in result.output


def test_a_full_folder_is_refused_before_anything_is_asked(tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r/笔记.txt").write_text("x", encoding="utf-8")
    result = init(str(tmp_path / "r"), "--ask", input=f"{URL}\n\n")
    assert result.exit_code == 1 and ASK_URL not in result.output


def test_the_shipped_mkdocs_yml_carries_the_same_commented_lines_init_writes():
    """One explanation in three places: the shipped default, a new estate's mkdocs.yml, this deployment's."""
    shipped = CONFIG.read_text(encoding="utf-8")
    block = shipped[shipped.index(COMMENT):shipped.index("\ndocs_dir:") + 1]
    assert block.endswith(COMMENTED_OUT) and block.count("\n") == 5
    written = render("银杏苑")["mkdocs.yml"]
    assert written.count(block) == 1 and written.count(COMMENT) == 1
    assert (REPO / "mkdocs.yml").read_text(encoding="utf-8").count(block) == 1
    assert "\nrepo_url:" not in shipped and "\nedit_uri:" not in shipped   # no invented address as active config
