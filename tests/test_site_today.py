"""在线修改 and 我的今天 (issue 23): the site leads to the Git server's web editor that mkdocs.yml names.

Built over the frozen sample (tests/fixtures/sample, November 2026) on 2026-11-30 with
`repo_url: https://git.example.org/wutong/records` and `edit_uri: _edit/main/`: every record card of a
month page links to the edit form of its own file; each person's page embeds the next 14 days, whose
forms carry exactly the draft `wutong new` writes for that person and day (compared byte for byte with
the file the command writes into a fresh copy). Without repo_url no link is shown; a Git server the
links cannot use stops the build with the line to write. The browser side is test_site_today_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import FIXTURES, build_site, wutong
from wutong_docs.data import CONFIG as SHIPPED_CONFIG
from wutong_docs.outputs.site.search_index import sections
from wutong_docs.reference.git_server import GitServerError, git_server

SERVER = "https://git.example.org/wutong/records"
NOW = "2026-11-30 10:00"
ARTICLE = re.compile(r'<article class="wt-record[^"]*" id="([^"]+)"(.*?)</article>', re.S)
EDIT = re.compile(r'<a class="wt-edit" href="([^"]+)"')
TODAY = re.compile(r'<script type="application/json" class="wt-today-data">(.*?)</script>', re.S)


def with_server(root: Path, *lines: str) -> Path:
    """`root` given the shipped mkdocs.yml plus `lines` (repo_url, edit_uri), and an empty handbook/ of its own."""
    text = SHIPPED_CONFIG.read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    (root / "handbook").mkdir(exist_ok=True)
    return root


def copy(fixture: str, tmp: Path) -> Path:
    root = tmp / "repo"
    shutil.copytree(FIXTURES / fixture, root)
    return root


@pytest.fixture(scope="module")
def gitea_site(tmp_path_factory) -> Path:
    root = with_server(copy("sample", tmp_path_factory.mktemp("gitea")),
                       f"repo_url: {SERVER}", "edit_uri: _edit/main/")
    build_site(root, NOW)
    return root


def days_of(site: Path, staff_id: str) -> dict[str, dict]:
    """The days embedded in a person's page for 我的今天, by date."""
    page = (site / "records" / "people" / f"{staff_id}-2026.html").read_text(encoding="utf-8")
    return {day["date"]: day for day in json.loads(TODAY.search(page).group(1))}


def written_by_wutong_new(tmp_path: Path, fixture: str, *args: str) -> tuple[str, bytes]:
    """(path, bytes) of the file `wutong new ARGS…` writes into a fresh copy of `fixture`."""
    root = copy(fixture, tmp_path)
    result = wutong(root, "new", *args)
    assert result.exit_code == 0, result.output
    rel = result.output.strip().splitlines()[-1]
    return rel, (root / rel).read_bytes()


def test_every_log_of_a_month_page_links_to_its_edit_form(gitea_site):
    page = (gitea_site / "site" / "records" / "log" / "2026-11.html").read_text(encoding="utf-8")
    cards = ARTICLE.findall(page)
    files = sorted(p.name for p in (gitea_site / "records" / "logs" / "2026" / "11").glob("*.md"))
    assert len(cards) == len(files) > 100
    links = [EDIT.findall(body) for _, body in cards]
    assert all(len(found) == 1 for found in links)
    assert sorted(found[0] for found in links) == [f"{SERVER}/_edit/main/records/logs/2026/11/{name}" for name in files]
    assert ">在线修改</a>" in page


def test_every_card_of_every_month_page_links_to_its_own_file(gitea_site):
    pages = sorted((gitea_site / "site" / "records").glob("*/20??-??.html"))
    assert len(pages) >= 5
    for page in pages:
        cards = ARTICLE.findall(page.read_text(encoding="utf-8"))
        assert cards, page
        for anchor, body in cards:
            (link,) = EDIT.findall(body)
            path = link.removeprefix(f"{SERVER}/_edit/main/")
            assert (gitea_site / path).is_file(), (page.name, anchor, link)


def test_the_edit_link_is_not_searched_for(gitea_site):
    """Every record says 在线修改: a search for 修改 must find what people wrote, not every card."""
    page = (gitea_site / "site" / "records" / "log" / "2026-11.html").read_text(encoding="utf-8")
    found = sections(page, "2026年11月 工作日志")
    assert len(found) > 100 and "在线修改" in page
    assert not any("在线修改" in text for _, _, text in found)


def test_a_log_form_is_the_draft_wutong_new_log_writes(gitea_site, tmp_path):
    form = days_of(gitea_site / "site", "li-na")["2026-12-01"]["forms"]["log"]
    rel, draft = written_by_wutong_new(tmp_path, "sample", "log", "--staff", "li-na", "--date", "2026-12-01")
    assert form["form"] == f"{SERVER}/_new/main/" + rel.rpartition("/")[0]
    assert form["filename"] == rel.rpartition("/")[2] == "2026-12-01-li-na.md"
    assert form["text"].encode("utf-8") == draft
    assert form["label"] == "写12月1日的工作日志"


@pytest.mark.parametrize(("staff", "day", "key", "args"), [
    ("li-na", "2026-12-04", "weekly", ("weekly", "--staff", "li-na", "--date", "2026-12-04")),
    ("li-na", "2026-12-02", "slip", ("slip", "--staff", "li-na", "--opened", "2026-12-02 08:30")),
    ("zhang-wei", "2026-12-03", "minutes:morning", ("minutes", "--kind", "morning", "--date", "2026-12-03")),
    ("zhang-wei", "2026-11-30", "minutes:monthly", ("minutes", "--kind", "monthly", "--date", "2026-11-30")),
])
def test_each_form_is_the_draft_wutong_new_writes(gitea_site, tmp_path, staff, day, key, args):
    form = days_of(gitea_site / "site", staff)[day]["forms"][key]
    rel, draft = written_by_wutong_new(tmp_path, "sample", *args)
    assert (form["form"], form["filename"]) == (f"{SERVER}/_new/main/" + rel.rpartition("/")[0], rel.rpartition("/")[2])
    assert form["text"].encode("utf-8") == draft


def test_a_slip_form_carries_its_opening_time_for_the_page_to_replace(gitea_site):
    form = days_of(gitea_site / "site", "li-na")["2026-12-02"]["forms"]["slip"]
    assert form["clock"] == "2026-12-02 08:30"
    assert form["text"].count("2026-12-02 08:30") == 2      # opened, and the example event under it
    assert form["filename"] == "S-20261202-li-na-01.md"


def test_the_desk_form_is_the_register_wutong_new_desk_writes(tmp_path):
    root = with_server(copy("sample_desk", tmp_path / "site"), f"repo_url: {SERVER}")
    build_site(root, "2026-12-01 09:00")
    form = days_of(root / "site", "wang-fang")["2026-12-02"]["forms"]["desk"]
    rel, draft = written_by_wutong_new(tmp_path / "new", "sample_desk", "desk", "--staff", "wang-fang",
                                       "--date", "2026-12-02")
    assert form["form"] == f"{SERVER}/_new/main/records/desk/2026/12" and form["filename"] == "2026-12-02.md"
    assert form["text"].encode("utf-8") == draft
    assert form["label"] == "写12月2日的前台登记表"


def test_a_record_already_written_gets_its_edit_form(gitea_site):
    form = days_of(gitea_site / "site", "zhang-wei")["2026-11-30"]["forms"]["log"]
    assert form == {"label": "改11月30日的工作日志（已写）",
                    "url": f"{SERVER}/_edit/main/records/logs/2026/11/2026-11-30-zhang-wei.md"}


def test_fourteen_days_from_the_build_with_rest_days_empty(gitea_site):
    days = days_of(gitea_site / "site", "li-na")
    assert list(days) == [f"2026-11-{d}" for d in (30,)] + [f"2026-12-{d:02d}" for d in range(1, 14)]
    saturday = days["2026-12-05"]
    assert (saturday["at_work"], saturday["duties"], saturday["forms"]) == (False, [], {})
    friday = [d["name"] for d in days["2026-12-04"]["duties"]]
    thursday = [d["name"] for d in days["2026-12-03"]["duties"]]
    assert "交周报" in friday and "交周报" not in thursday     # 每周五周报下午14点上交


def test_minutes_are_linked_for_the_supervisor_only(gitea_site):
    monday = days_of(gitea_site / "site", "li-na")["2026-12-07"]
    assert any(d["proof"] == "记录：早会会议记录" for d in monday["duties"])
    assert not any(key.startswith("minutes:") for key in monday["forms"])
    assert "minutes:morning" in days_of(gitea_site / "site", "zhang-wei")["2026-12-07"]["forms"]


def test_without_repo_url_no_link_is_shown(tmp_path):
    site = build_site(copy("sample", tmp_path), NOW)
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    assert not any('class="wt-edit"' in page for page in pages)
    days = days_of(site, "li-na")
    assert days["2026-12-01"]["duties"] and all(day["forms"] == {} for day in days.values())
    person = (site / "records" / "people" / "li-na-2026.html").read_text(encoding="utf-8")
    assert "主管在站点配置 mkdocs.yml 里填上 Git 服务器的地址（repo_url）后" in person


def test_a_github_style_server(tmp_path):
    root = with_server(copy("sample", tmp_path), "repo_url: https://github.com/wutong/records/", "edit_uri: edit/main/")
    site = build_site(root, NOW)
    page = (site / "records" / "log" / "2026-11.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/wutong/records/edit/main/records/logs/2026/11/2026-11-02-li-na.md"' in page
    assert days_of(site, "li-na")["2026-12-01"]["forms"]["log"]["form"] == \
        "https://github.com/wutong/records/new/main/records/logs/2026/12"


def test_a_server_the_links_cannot_use_stops_the_build(tmp_path):
    root = with_server(copy("sample", tmp_path), f"repo_url: {SERVER}", "edit_uri: edit/master/docs/")
    result = wutong(root, "build")
    assert result.exit_code == 1
    assert result.output == ("错误：mkdocs.yml 的 edit_uri 写法不对：edit/master/docs/；应写成 edit_uri: _edit/分支名/"
                             "（Gitea，例如 _edit/main/）或 edit/分支名/（GitHub），分支名后面不再加目录\n")
    assert not (root / "site").exists()


@pytest.mark.parametrize(("repo_url", "edit_uri", "expected"), [
    ("https://git.example.org/a/records", None, ("https://git.example.org/a/records", "_edit", "main")),
    ("http://10.0.0.5:3000/kefu/records/", "_edit/master/", ("http://10.0.0.5:3000/kefu/records", "_edit", "master")),
    ("https://github.com/a/records", "/edit/main", ("https://github.com/a/records", "edit", "main")),
])
def test_git_server_reads_mkdocs_settings(repo_url, edit_uri, expected):
    server = git_server(repo_url, edit_uri)
    assert (server.repo, server.edit, server.branch) == expected


def test_new_file_link_decodes_to_the_name_and_text():
    server = git_server("https://git.example.org/a/records", "_edit/main/")
    text = "---\ndate: 2026-12-07\n---\n## 今日完成情况\n\n1. 3-2-501 漏水 & 维修\n"
    url = server.new_url("records/logs/2026/12/2026-12-07-li-na.md", text)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://git.example.org/a/records/_new/main/records/logs/2026/12"
    assert parse_qs(parts.query) == {"filename": ["2026-12-07-li-na.md"], "value": [text]}


@pytest.mark.parametrize(("repo_url", "edit_uri", "message"), [
    ("ftp://git.example.org/a", None, "mkdocs.yml 的 repo_url 写法不对：ftp://git.example.org/a；应写记录仓库在 Git 服务器上的网址，"
                                      "例如 repo_url: https://git.example.org/wutong/records"),
    ("https://git.example.org/a", "blob/main/", "mkdocs.yml 的 edit_uri 写法不对：blob/main/；应写成 edit_uri: _edit/分支名/"
                                                "（Gitea，例如 _edit/main/）或 edit/分支名/（GitHub），分支名后面不再加目录"),
])
def test_git_server_refuses_what_it_cannot_link_to(repo_url, edit_uri, message):
    with pytest.raises(GitServerError) as caught:
        git_server(repo_url, edit_uri)
    assert str(caught.value) == message


def test_an_address_with_a_line_break_or_a_broken_host_is_refused():
    for url in ("https://git.example.org/a\nb", "https://git.example.org/a b"):
        with pytest.raises(GitServerError, match="^mkdocs.yml 的 repo_url 中不能有空格、换行或控制字符$"):
            git_server(url, None)
    with pytest.raises(GitServerError, match="^mkdocs.yml 的 repo_url 写法不对：http://\\[bad；"):
        git_server("http://[bad", None)


def test_no_repo_url_no_server():
    assert git_server(None, "_edit/main/") is None and git_server("", None) is None
