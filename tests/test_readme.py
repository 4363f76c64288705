"""The README stays a five-minute read, and the rules it no longer states are on the handbook, found by its search.

The README is for a newcomer: what wutong is, the two set-up commands first, the daily
commands, where the handbook is, how to contribute. Every rule, format and code it
used to state lives on a handbook reference page (wutong_docs/data/handbook/reference/),
where staff find it with the site's search box. So this file checks the README's shape,
that every `wutong …` command it shows exists (with the options it uses), and that a list
of those rules is on the right page of a built site *and* in the search index the
browser queries (search/wutong-index.js and the page's text script search/pN.js).
"""

from __future__ import annotations

import base64
import json
import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import REPO, SAMPLE, build_site, cli
from wutong_docs.outputs.site.search_index import INDEX_FILE, SHARD, grams

README = REPO / "README.md"
HANDBOOK = REPO / "wutong_docs/data/handbook"
PLACEHOLDERS = {"命令", "…"}   # `wutong 命令 --help`, `wutong --root DIR …`

# (page, literal text): rules, limits, codes and formats the README stated before they moved to the
# handbook; each must be on that page and found there by the site's search. One or more per moved part.
RULES = [
    ("reference/inspections.html", "WT513"),            # a failed inspection item names who fixes it
    ("reference/inspections.html", "期限当天不算逾期"),     # an item is overdue from the day after its fix_by
    ("reference/records.html", "开单次日"),              # a slip's default deadline
    ("reference/records.html", "WT114"),                 # a field misspelt by one letter is an error
    ("reference/records.html", "WT107"),                 # an unquoted time is read as a time, with a warning
    ("reference/records.html", "GBK"),                   # GBK files: WT001, save as UTF-8
    ("reference/records.html", "WT020"),                 # the Chinese keyboard's YAML mistakes
    ("reference/records.html", "WT025"),                 # a colon without a space after it
    ("reference/records.html", "2000–2099"),             # the date range, WT804
    ("reference/records.html", "WT206"),                 # invisible characters in org.yml
    ("reference/limits.html", "WT013"),                  # 50,000 YAML values, aliases counted
    ("reference/limits.html", "WT009"),                  # symbolic links are refused
    ("reference/duties-format.html", "on_rest_day"),     # due dates on rest days
    ("reference/roster.html", "完整可用"),                # `wutong new roster` is complete, unlike other templates
    ("reference/check.html", "提前自"),                   # a moved due date says why
    ("reference/check.html", "缺失不会在月初消失"),        # the check looks back 31 days
    ("reference/check.html", "duty_id"),                 # the check's JSON keys
    ("reference/desk.html", "等锁最多"),                  # the lock wait: 10 s
    ("reference/desk.html", "WUTONG_LOCK_WAIT"),
    ("reference/desk.html", "merge=union"),              # two computers register the same day
    ("reference/desk.html", "WT905"),
    ("reference/cases-legacy.html", "第 61 天起"),      # a case stalled from the 61st day after its last event
    ("reference/cases-legacy.html", "L-YYYY-NN"),
    ("reference/survey.html", "WT961"),                  # scores are half-width integers 1–5
    ("reference/notices.html", "MIN_HOMES"),             # collection notices never point at a household
    ("reference/reports.html", "collection_rate_end"),   # the report's pinned JSON keys
    ("reference/reports.html", "各项平均分不低于"),        # a satisfied household
    ("reference/reports.html", "出勤△"),                  # the attendance sheet's mark
    ("reference/reports.html", "WT975"),                 # figures in minutes checked against the records
    ("reference/privacy.html", "打码两遍"),               # masking twice
    ("reference/privacy.html", "17951"),                 # IP dialling prefixes are read as part of a number
    ("reference/output.html", ".wutong-site"),           # which folders `build -d` may replace
    ("reference/output.html", "WUTONG_STAFF"),
    ("reference/hooks.html", "pre-commit.bak"),          # the commit hook keeps someone else's hook
    ("reference/hooks.html", "always_run"),              # the pre-commit framework's settings
    ("reference/cache.html", "删掉它永远是安全的"),        # the cache
    ("reference/cache.html", "WUTONG_NO_CACHE"),
    ("reference/output.html", "WUTONG_NO_PROGRESS"),     # progress bars only on a terminal
    ("reference/site.html", "javascript:"),              # links a record may not make
    ("reference/site.html", "Zensical"),                 # the second site engine
    ("reference/setup.html", "覆盖顺序"),                 # the repository's files win over the shipped ones
    ("reference/setup.html", "ENABLED"),                 # Gitea Actions
    ("reference/error-codes.html", "WT404"),             # every code on the generated page
]


def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_the_readme_is_a_five_minute_read():
    assert len(readme().splitlines()) <= 250


def test_the_readme_begins_with_the_two_set_up_commands():
    lines = readme().splitlines()
    assert lines[0].startswith("# ")
    assert lines[1:6] == ["", "```sh",
                          "make site   # 建立环境，校验 records/ 中的全部记录，生成工作手册站点 site/",
                          "make test   # 建立环境并运行全部测试", "```"]


def test_the_readme_does_not_speak_of_issues_or_history():
    text = readme()
    assert not re.search(r"issue", text, re.I)
    assert not re.search(r"#\d", text)


def shown_commands(text: str) -> list[str]:
    """Every `wutong …` command in the README: lines of its code blocks (continuations joined) and inline code."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            command = line.split("  #")[0].strip()
            if command.startswith("wutong "):
                found.append(command)
    found += [span for span in re.findall(r"`([^`\n]+)`", text) if span.startswith("wutong ")]
    return found


def command_path(line: str) -> list[str]:
    """The subcommands a shown command names, checking each option it uses on the command it belongs to."""
    command, path = cli, []
    words = shlex.split(line)[1:]
    i = 0
    while i < len(words):
        word = words[i]
        if word in PLACEHOLDERS:
            break
        if word.startswith("-"):
            option = next((p for p in command.params if word in p.opts), None)
            assert option is not None, f"{line}: {' '.join(['wutong', *path])} has no option {word}"
            i += 1 if option.is_flag or isinstance(option, click.Argument) else 2
            continue
        if isinstance(command, click.Group):
            assert word in command.commands, f"{line}: no command {' '.join(['wutong', *path, word])}"
            command, path = command.commands[word], path + [word]
        i += 1
    return path


def test_every_wutong_command_the_readme_shows_exists():
    shown = shown_commands(readme())
    assert len(shown) > 20
    paths = {tuple(command_path(line)) for line in shown}
    assert ("desk", "key", "out") in paths and ("report", "attendance") in paths
    for path in sorted(paths):
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)


def test_the_readme_links_to_pages_that_exist():
    for target in re.findall(r"\]\(([^)#]+)\)", readme()):
        if not target.startswith("http"):
            assert (REPO / target).exists(), target


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The frozen sample records, built once with `wutong build`: the shipped handbook and its search index."""
    root = tmp_path_factory.mktemp("readme") / "repo"
    shutil.copytree(SAMPLE / "records", root / "records")
    return build_site(root, "2026-11-27 12:00")


def _script_json(path: Path, call: str):
    text = path.read_text(encoding="utf-8")
    assert text.startswith(call) and text.endswith(");\n"), path
    return json.loads(text[len(call):-3])


def _page_numbers(encoded: str) -> set[int]:
    """Decode one key's page list as wutong-search.js does: base-36 gaps, or '~' and a base64 bitmap."""
    if encoded.startswith("~"):
        bits = base64.b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
        return {i * 8 + b for i, byte in enumerate(bits) for b in range(8) if byte >> b & 1}
    out, last = set(), 0
    for gap in encoded.split("."):
        last += int(gap, 36)
        out.add(last)
    return out


def searched(site: Path, query: str) -> dict[str, list[str]]:
    """What the site's search finds for `query`: page URL -> titles of the sections holding every word of it."""
    index = _script_json(site / INDEX_FILE, "wtSearch.load(")
    words = query.lower().split()
    candidates = set(range(len(index["pages"])))
    for key in set().union(*(grams(w) for w in words)):
        candidates &= _page_numbers(index["grams"][key]) if key in index["grams"] else set()
    found = {}
    for n in sorted(candidates):
        sections = _script_json(site / SHARD.format(n), f"wtSearch.shard({n},")
        hits = [title for _, title, text in sections if all(w in text.lower() for w in words)]
        if hits:
            found[index["pages"][n][0]] = hits
    return found


@pytest.mark.parametrize("page, term", RULES)
def test_each_rule_the_readme_stated_is_found_on_its_handbook_page(site, page, term):
    assert (site / page).is_file(), page
    found = searched(site, term)
    assert page in found, (term, sorted(found))


def test_every_reference_page_is_in_the_nav():
    nav = (REPO / "wutong_docs/data/mkdocs.yml").read_text(encoding="utf-8")
    for page in sorted((HANDBOOK / "reference").glob("*.md")):
        assert f"- reference/{page.name}\n" in nav, page.name


def test_the_handbook_pages_do_not_speak_of_issues():
    for page in sorted(HANDBOOK.rglob("*.md")):
        assert not re.search(r"\bissue\b", page.read_text(encoding="utf-8"), re.I), page
