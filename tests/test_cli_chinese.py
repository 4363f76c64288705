"""Every word the command line prints is Chinese: click's own texts come from our gettext catalog.

The findings of issue 10 ("English from the command-line framework"), each fed as the user
typed it, with the exact output and exit status; run with LANG=C where the machine's language
matters, since staff machines often have it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from mkdocs.config import load_config

from conftest import REPO, SAMPLE, wutong
from wutong_docs.cli import chinese as cli_chinese

PO = cli_chinese.CATALOG.with_suffix(".po")


def run(*args: str, root: Path | None = None) -> subprocess.CompletedProcess:
    """`wutong ARGS` in a fresh process whose language is LANG=C, as on many staff machines."""
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONPATH": str(REPO)}
    env.pop("LANGUAGE", None)
    prefix = ["--root", str(root)] if root else []
    return subprocess.run([sys.executable, "-m", "wutong_docs", *prefix, *args], capture_output=True,
                          text=True, encoding="utf-8", env=env)


def test_the_compiled_catalog_is_the_po_file():
    with open(PO, encoding="utf-8") as f:
        po = read_po(f)
    compiled = cli_chinese.catalog()
    for message in po:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            assert compiled.ngettext(*message.id, 2) == message.string[0], message.id
        else:
            assert compiled.gettext(message.id) == message.string, message.id


def test_every_text_of_click_is_translated():
    with open(PO, encoding="utf-8") as f:
        po = read_po(f)
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in po if m.id}
    found = [(m[2] if isinstance(m[2], str) else m[2][0])
             for m in extract_from_dir(Path(click.__file__).parent,
                                       method_map=[("*.py", "python")],
                                       keywords={"_": None, "ngettext": (1, 2)})]
    found.append("required")  # core.py translates it from a variable: _(extra["required"])
    missing = [m for m in found if not translated.get(m)]
    assert len(found) > 70 and missing == [], missing


def test_help_is_chinese_under_lang_c():
    result = run("-h")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "用法：wutong [选项] 命令 [参数]..."
    assert "\n选项：\n" in result.stdout and "\n命令：\n" in result.stdout
    assert "  --version   显示版本号后退出。\n  -h, --help  显示本帮助后退出。\n" in result.stdout
    for english in ("Usage", "Options", "Commands", "Show this", "OPTIONS", "COMMAND", "ARGS"):
        assert english not in result.stdout


def test_default_and_required_are_chinese():
    assert "--format [text|json]  输出格式  [默认：text]\n" in run("validate", "-h").stdout
    assert "--month YYYY-MM" in (calendar := run("calendar", "-h").stdout) and "[必填]" in calendar
    assert "[required]" not in calendar and "default:" not in calendar


def test_a_role_that_is_not_one_of_the_choices(good_repo):
    result = run("calendar", "--role", "frontdesk", "--month", "2026-11", root=good_repo)
    assert result.returncode == 2
    assert result.stderr == ("用法：wutong calendar [选项]\n"
                             "运行 'wutong calendar --help' 查看用法。\n\n"
                             "错误：'--role' 的值不对：frontdesk 不是可选的值（是不是 front_desk？）；"
                             "可选：supervisor（主管）、area_manager（片区管理员、片管员、片管）、front_desk（服务中心前台、前台）\n")


def test_a_role_written_as_its_chinese_label():
    result = wutong(SAMPLE, "calendar", "--role", "服务中心前台", "--month", "2026-11", "--format", "md")
    assert result.exit_code == 0 and "前台" in result.output
    assert result.output == wutong(SAMPLE, "calendar", "--role", "front_desk", "--month", "2026-11",
                                   "--format", "md").output


def test_a_date_that_does_not_exist(good_repo):
    result = run("check", "--date", "2026-11-31", root=good_repo)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "错误：--date 2026-11-31 不存在：请核对月份和日，例如 2026-11-26\n"


def test_an_unknown_option_and_a_missing_one(good_repo):
    result = run("new", "log", "--bogus", root=good_repo)
    assert result.returncode == 2
    assert result.stderr.endswith("错误：没有选项 '--bogus'。\n")
    result = run("calendar", "--role", "front_desk", root=good_repo)
    assert result.returncode == 2
    assert result.stderr.endswith("错误：缺少选项 --month：请加上 --month YYYY-MM\n")
    result = run("notice", "render", root=good_repo)
    assert result.returncode == 2
    assert result.stderr.endswith("错误：缺少参数 路径：请在命令末尾写上路径\n")


def test_a_library_error_starts_with_the_chinese_word_for_error(tmp_path):
    result = wutong(tmp_path, "validate")
    assert result.exit_code == 1
    assert result.output == f"错误：{tmp_path} 下没有 records/ 目录：--root 应指向记录仓库的根目录\n"


def test_the_404_page_is_chinese_with_either_mkdocs_yml():
    from wutong_docs.outputs.site.plugin import _theme_overrides

    for yml in (REPO / "mkdocs.yml", REPO / "wutong_docs/data/mkdocs.yml"):
        config = load_config(str(yml))
        assert "wutong" in config.plugins
        _theme_overrides(config)
        source, *_ = config.theme.get_env().loader.get_source(config.theme.get_env(), "404.html")
        assert "<h1>404 找不到这个页面</h1>" in source and "Not found" not in source
