"""`wutong init`: a new estate's repository validates, builds, checks and prints at once; the server hook refuses bad pushes.

Also: the shipped handbook fills in what a repository lacks, a repository's own page wins,
the top-level help names every command, a folder reached through a symbolic link is filled,
and the estate's name stays text in every file and page (built with both site engines).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from wutong_docs.cli.main import cli
from wutong_docs.data import HANDBOOK
from wutong_docs.outputs.site.zensical_build import read_site_config

from conftest import REPO, wutong

NOT_EMPTY = "错误：{} 不是空目录，未写入任何文件：wutong init 只在不存在的或空的目录中建立记录仓库\n"
EXPECTED_FILES = {
    ".gitattributes", ".gitea/workflows/wutong.yml", ".gitignore", ".pre-commit-config.yaml", "README.md", "handbook/index.md",
    "hooks/pre-receive", "mkdocs.yml", "records/calendar.yml", "records/checklists.yml", "records/duties.yml",
    "records/org.yml",
}


def init(*args: str):
    return CliRunner().invoke(cli, ["init", *args], catch_exceptions=False)


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_init_writes_a_repository_that_validates_builds_checks_and_prints(tmp_path, monkeypatch):
    from datetime import datetime

    from wutong_docs.core import dates

    root = tmp_path / "银杏苑"
    monkeypatch.setattr(dates, "now", lambda: datetime(2026, 11, 1, 9, 0))  # the estate's records begin 11-01
    result = init(str(root))
    assert result.exit_code == 0, result.output
    assert f"已建立记录仓库 {root}（12 个文件）" in result.output
    assert files_under(root) == EXPECTED_FILES
    assert os.access(root / "hooks/pre-receive", os.X_OK)
    # the front desk's registers merge with git's union driver, as in this repository
    assert (root / ".gitattributes").read_bytes() == (REPO / ".gitattributes").read_bytes()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    attr = subprocess.run(["git", "-C", str(root), "check-attr", "merge", "records/desk/2026/11/2026-11-26.md"],
                          capture_output=True, text=True, check=True)
    assert attr.stdout == "records/desk/2026/11/2026-11-26.md: merge: union\n"
    # the shipped duty book, its header naming 银杏苑 (issue 23: no trace of the sample estate)
    shipped = (REPO / "wutong_docs/data/duties.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    copied = (root / "records/duties.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    assert copied[3:] == shipped[3:] and copied[1] == shipped[1] == "#\n"
    assert copied[0] == "# 银杏苑物业服务中心客服部 岗位职责（工作职责书）——数据版\n"
    assert copied[2] == ("# 来源：《银杏苑物业服务中心客服部各岗位工作内容详解》；随 wutong 提供的是一份完整的职责说明，"
                         "请按本部门的实际逐条核对、改写。\n")
    org = (root / "records/org.yml").read_text(encoding="utf-8")
    assert org.startswith("# 银杏苑物业服务中心客服部基础资料") and "请逐项换成本小区的真实资料" in org
    assert "\nestate: 银杏苑   #" in org  # notices are signed 银杏苑物业服务中心, not the package's own estate
    assert "\nsince: 2026-11-01   # 启用日期" in org  # the check asks for nothing from before (span.py)

    validated = wutong(root, "validate")
    assert (validated.exit_code, validated.output) == (0, "已校验 4 个文件：0 个错误，0 个警告\n")
    checked = wutong(root, "check", "--date", "2026-11-02", "--since", "2026-11-01")
    assert checked.exit_code == 1 and "钱莉（qian-li）：1 项\n  11-02 没有工作日志：补写 records/logs/2026/11/2026-11-02-qian-li.md" in checked.output
    # since issue 21 the duties cited in logs are checked too; the missing log already asks for 钱莉's 11-02
    assert "  11-02 没有【部门协调】【跟踪报修投诉进度】" in checked.output
    assert "  11-02 没有卫生检查记录：写一份卫生检查记录：wutong new inspection --kind cleanliness" in checked.output
    for fmt in ("html", "md", "ics"):
        cal = wutong(root, "calendar", "--role", "area_manager", "--month", "2026-12", "--format", fmt)
        assert cal.exit_code == 0 and "2026" in cal.output, cal.output
    built = wutong(root, "build")
    assert built.exit_code == 0, built.output
    index = (root / "site/index.html").read_text(encoding="utf-8")
    assert "<title>银杏苑客服部工作手册" in index and "本页是本小区自己的首页" in index
    assert (root / "site/procedures/key-loan.html").is_file() and (root / "site/assets/wutong-search.js").is_file()
    assert files_under(root / "handbook") == {"index.md"}  # the shipped pages are not copied in
    role_page = (root / "site/roles/area_manager.html").read_text(encoding="utf-8")
    assert "《银杏苑物业服务中心客服部各岗位工作内容详解》" in role_page and "梧桐墅物业服务中心" not in role_page
    made = wutong(root, "new", "notice", "--kind", "theme", "--posted", "2026-12-01")
    assert made.exit_code == 0, made.output
    hint = (root / "records/notices/2026/12/theme-20261201.md").read_text(encoding="utf-8")
    assert "# 落款（可选，默认 银杏苑物业服务中心）\n# signed: 银杏苑物业服务中心\n" in hint


def test_init_defaults_the_estate_to_the_folder_name_and_quotes_it_for_yaml(tmp_path):
    assert init(str(tmp_path / "a"), "--estate", "桂园: 二期").exit_code == 0
    config = (tmp_path / "a/mkdocs.yml").read_text(encoding="utf-8")
    assert "\nestate: '桂园: 二期'   #" in (tmp_path / "a/records/org.yml").read_text(encoding="utf-8")
    assert "site_name: '桂园: 二期客服部工作手册'" in config
    assert init(str(tmp_path / "枫林湾")).exit_code == 0
    assert "site_name: 枫林湾客服部工作手册\n" in (tmp_path / "枫林湾/mkdocs.yml").read_text(encoding="utf-8")


def test_init_refuses_a_non_empty_folder_and_writes_nothing(tmp_path):
    target = tmp_path / "repo"
    target.mkdir()
    (target / "笔记.txt").write_text("原有的文件\n", encoding="utf-8")
    result = init(str(target))
    assert (result.exit_code, result.output) == (1, NOT_EMPTY.format(target))
    assert files_under(target) == {"笔记.txt"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo"]  # no temporary folder left


def test_init_refuses_a_file_and_a_bad_estate_name(tmp_path):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    result = init(str(tmp_path / "f"))
    assert (result.exit_code, result.output) == (
        1, f"错误：{tmp_path / 'f'} 已存在且不是目录，未写入任何文件：请给一个不存在的或空的目录\n")
    result = init(str(tmp_path / "new"), "--estate", "银杏\n苑")
    assert (result.exit_code, result.output) == (1, "错误：小区名只能是一行文字，不能含换行或控制字符：请改正 --estate 的值\n")
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("estate", ["银杏\t苑", "银杏\x1b[31m苑", "银杏\u2028苑", "银杏\r苑"])
def test_init_refuses_an_estate_name_with_a_control_character(tmp_path, estate):
    """A line break or control character would end the comment lines the name is written into."""
    result = init(str(tmp_path / "new"), "--estate", estate)
    assert (result.exit_code, result.output) == (1, "错误：小区名只能是一行文字，不能含换行或控制字符：请改正 --estate 的值\n")
    assert list(tmp_path.iterdir()) == []


def test_init_fills_an_empty_folder_reached_through_a_symbolic_link(tmp_path):
    (tmp_path / "disk/银杏苑").mkdir(parents=True)
    link = tmp_path / "银杏苑"
    link.symlink_to(tmp_path / "disk/银杏苑", target_is_directory=True)
    result = init(str(link))
    assert result.exit_code == 0, result.output
    assert f"已建立记录仓库 {link}（12 个文件）" in result.output
    assert link.is_symlink()  # the link is kept; the folder it points to holds the repository
    assert files_under(tmp_path / "disk/银杏苑") == EXPECTED_FILES
    assert "\nestate: 银杏苑   #" in (link / "records/org.yml").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "disk").iterdir()) == ["银杏苑"]  # no temporary folder left
    assert wutong(link, "validate").exit_code == 0


def test_init_through_a_symbolic_link_refuses_a_full_folder_a_file_and_nowhere(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full/笔记.txt").write_text("原有的文件\n", encoding="utf-8")
    (tmp_path / "f").write_text("x", encoding="utf-8")
    for name, points_to in (("to-full", "full"), ("to-file", "f"), ("to-nowhere", "gone")):
        (tmp_path / name).symlink_to(tmp_path / points_to)
    result = init(str(tmp_path / "to-full"))
    assert (result.exit_code, result.output) == (1, NOT_EMPTY.format(tmp_path / "to-full"))
    result = init(str(tmp_path / "to-file"))
    assert (result.exit_code, result.output) == (
        1, f"错误：{tmp_path / 'to-file'} 已存在且不是目录，未写入任何文件：请给一个不存在的或空的目录\n")
    result = init(str(tmp_path / "to-nowhere"))
    assert (result.exit_code, result.output) == (
        1, f"错误：{tmp_path / 'to-nowhere'} 是一个符号链接，但它指向的 {tmp_path / 'gone'} 不存在，未写入任何文件："
           "请先建立那个目录，或给一个不存在的或空的目录\n")
    assert files_under(tmp_path / "full") == {"笔记.txt"}
    assert (tmp_path / "f").read_text(encoding="utf-8") == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f", "full", "to-file", "to-full", "to-nowhere"]


def test_this_deployments_mkdocs_yml_is_what_init_writes_for_梧桐墅():
    """The deployment and a new estate share every setting: the shipped mkdocs.yml from docs_dir on."""
    from wutong_docs.authoring.new_estate import render

    assert render("梧桐墅")["mkdocs.yml"] == (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_pre_commit_config_runs_the_same_hook_as_the_projects_hook_definition(tmp_path):
    init(str(tmp_path / "r"))
    local = yaml.safe_load((tmp_path / "r/.pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook, = local["repos"][0]["hooks"]
    shipped, = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for key in ("id", "name", "entry", "pass_filenames", "always_run", "stages"):
        assert hook[key] == shipped[key], key
    assert local["minimum_pre_commit_version"] == shipped["minimum_pre_commit_version"]


def test_the_gitea_workflow_validates_builds_and_uploads_the_site(tmp_path):
    init(str(tmp_path / "r"))
    flow = yaml.safe_load((tmp_path / "r/.gitea/workflows/wutong.yml").read_text(encoding="utf-8"))
    steps = flow["jobs"]["records"]["steps"]
    runs = [s.get("run", "").strip() for s in steps]
    assert runs[2:4] == ["/tmp/wutong/bin/wutong --no-cache validate", "/tmp/wutong/bin/wutong --no-cache build"]
    assert re.search(r"pip install .*wutong-docs", runs[1])
    assert steps[-1]["uses"].startswith("actions/upload-artifact@") and steps[-1]["with"]["path"] == "site/"
    assert flow[True] == ["push"]  # YAML 1.1 reads the key `on` as true


# -- the server-side hook, for real: a bare repository refuses a push with an invalid record -----------
def git(cwd: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=t@example.com",
                           "-c", "init.defaultBranch=main", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_pre_receive_hook_accepts_good_records_and_refuses_bad_ones(tmp_path):
    init(str(tmp_path / "clone"))
    clone = tmp_path / "clone"
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1", "LANG": "C.UTF-8",
           "WUTONG": f"{sys.executable} -m wutong_docs", "PYTHONPATH": str(REPO)}
    server = tmp_path / "server.git"
    assert git(tmp_path, "init", "--bare", str(server), env=env).returncode == 0
    shutil.copy(clone / "hooks/pre-receive", server / "hooks/pre-receive")
    (server / "hooks/pre-receive").chmod(stat.S_IRWXU)
    for args in (("init",), ("add", "-A"), ("commit", "-qm", "建立记录仓库"), ("remote", "add", "origin", str(server))):
        assert git(clone, *args, env=env).returncode == 0
    good = git(clone, "push", "origin", "main", env=env)
    assert good.returncode == 0, good.stderr
    assert "已校验 4 个文件：0 个错误" in good.stderr  # the hook ran, and said so to the pusher
    pushed = git(server, "rev-parse", "main", env=env).stdout

    bad = clone / "records/org.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("role: supervisor", "role: boss"), encoding="utf-8")
    git(clone, "commit", "-qam", "写错了岗位", env=env)
    refused = git(clone, "push", "origin", "main", env=env)
    assert refused.returncode == 1
    assert re.search(r"remote: records/org\.yml:\d+: error WT\d{3} ", refused.stderr), refused.stderr
    assert "remote: 推送被拒绝：refs/heads/main 中的记录有错误" in refused.stderr
    assert "pre-receive hook declined" in refused.stderr
    assert git(server, "rev-parse", "main", env=env).stdout == pushed  # the server kept the good commit

    deleted = git(clone, "push", "origin", "--delete", "main", env=env)  # nothing to check in a deletion
    assert "推送被拒绝" not in deleted.stderr


def test_the_pre_receive_hook_refuses_every_push_when_wutong_is_missing(tmp_path):
    init(str(tmp_path / "clone"))
    hook = tmp_path / "clone/hooks/pre-receive"
    done = subprocess.run(["sh", str(hook)], input="0 1 refs/heads/main\n", capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "WUTONG": "/nowhere/wutong"})
    assert done.returncode == 1
    assert done.stderr == ("服务器上找不到 wutong（/nowhere/wutong）：请管理员安装 wutong，"
                           "或把本钩子中的 WUTONG 改成它的绝对路径。推送被拒绝。\n")


# -- the shipped handbook under a repository's own ------------------------------------------------------
def test_a_repositorys_own_handbook_page_wins_and_a_shipped_page_left_out_of_its_nav_still_builds(tmp_path):
    root = tmp_path / "r"
    init(str(root))
    own = root / "handbook/procedures/key-loan.md"
    own.parent.mkdir(parents=True)
    own.write_text("# 钥匙借用（本小区）\n\n本小区不借钥匙。\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      - procedures/parcels.md\n", ""),
                      encoding="utf-8")
    built = wutong(root, "build")
    assert built.exit_code == 0, built.output
    assert "本小区不借钥匙" in (root / "site/procedures/key-loan.html").read_text(encoding="utf-8")
    assert "包裹" in (root / "site/procedures/parcels.html").read_text(encoding="utf-8")  # built, not in the nav:
    page = (root / "site/procedures/key-loan.html").read_text(encoding="utf-8")
    assert '<a href="owner-card.html" class="md-nav__link">' in page  # a listed neighbour is in the nav
    assert '<a href="parcels.html" class="md-nav__link">' not in page


def test_a_repository_without_mkdocs_yml_or_handbook_builds_from_the_package_and_writes_nothing_into_it(good_repo):
    built = wutong(good_repo, "build")
    assert built.exit_code == 0, built.output
    assert sorted(p.name for p in good_repo.iterdir()) == ["records", "site"]
    index = (good_repo / "site/index.html").read_text(encoding="utf-8")
    assert "<title>客服部工作手册" in index and "这是 wutong 自带的首页" in index
    shipped = {p.relative_to(HANDBOOK).with_suffix(".html" if p.suffix == ".md" else p.suffix).as_posix()
               for p in HANDBOOK.rglob("*") if p.is_file()}
    assert shipped <= files_under(good_repo / "site")


def test_top_level_help_gives_one_example_of_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    examples = re.findall(r"^    wutong (\S+)", result.output, flags=re.M)
    assert sorted(examples) == sorted(cli.commands), examples


# -- the estate's name is text wherever init writes it ---------------------------------------------------
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(2)>苑',
    "</title><script>alert(3)</script>",
    "{{ 7*7 }}{% if 1 %}园{% endif %}",
    "桂园: 二期 #3 - &x *y !z '",
    "[点我](javascript:alert(4))",
    "*花*{: onclick=alert(5) } <b>园</b>",
]


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text inside each <title>, <h1> and <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self._inside = [], {"title": "", "h1": "", "script": ""}, []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.text:
            self._inside.append(tag)

    def handle_endtag(self, tag):
        if self._inside and self._inside[-1] == tag:
            self._inside.pop()

    def handle_data(self, data):
        if self._inside:
            self.text[self._inside[-1]] += data


def parsed(page: Path) -> _Tags:
    tags = _Tags()
    tags.feed(page.read_text(encoding="utf-8"))
    return tags


@pytest.mark.parametrize("estate", PAYLOADS)
def test_the_estate_name_stays_text_in_every_file_and_every_page(tmp_path, estate):
    root = tmp_path / "r"
    result = init(str(root), "--estate", estate)
    assert result.exit_code == 0, result.output
    org = yaml.safe_load((root / "records/org.yml").read_text(encoding="utf-8"))
    assert org["estate"] == estate  # the record keeps the name itself; the templates that print it escape it
    config = read_site_config(root / "mkdocs.yml")  # as data: the slugify function stays a name
    for key, shown in (("site_name", "客服部工作手册"), ("copyright", "物业服务中心客服部")):
        assert html.unescape(config[key]) == estate + shown  # the theme prints these as HTML: escaped once
        assert not set("<>\"'") & set(config[key])
    assert html.unescape(config["site_description"]).startswith(estate + "物业服务中心客服部：")
    built = wutong(root, "build")
    assert built.exit_code == 0, built.output
    assert_shown_as_text(root / "site", estate)


@pytest.mark.parametrize("estate", [PAYLOADS[0], PAYLOADS[2]])
def test_the_estate_name_stays_text_in_the_pages_zensical_builds(tmp_path, estate):
    root = tmp_path / "r"
    assert init(str(root), "--estate", estate).exit_code == 0
    built = wutong(root, "build", "--engine", "zensical")
    assert built.exit_code == 0, built.output
    assert_shown_as_text(root / "site", estate)


def assert_shown_as_text(site: Path, estate: str) -> None:
    """No page of `site` carries an event handler, a picture, a script or a link the estate's name made."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        tags = parsed(page)
        assert [(tag, name) for tag, attrs in tags.tags for name in attrs if name.startswith("on")] == [], page
        assert [attrs for tag, attrs in tags.tags if tag == "img" and attrs.get("src") == "x"] == [], page
        assert [attrs for tag, attrs in tags.tags if "javascript:" in (attrs.get("href") or "")] == [], page
        assert "alert(" not in tags.text["script"], page
        assert estate + "客服部工作手册" in tags.text["title"], page  # shown as the characters typed
    home = parsed(site / "index.html")
    assert home.text["h1"].startswith(estate + "客服部工作手册")  # `{{ 7*7 }}` stays as typed, never 49
