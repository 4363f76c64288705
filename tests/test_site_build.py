"""Building the handbook site from records: pages, links, masking, escaping, and refusing bad records."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO, SAMPLE, build_site, copy_fixture, wutong
from wutong_docs.core import problems as P
from probe import content_text
from wutong_docs.validate.pipeline import validate

NOW = "2026-11-27 12:00"
HOSTILE_SLIP = """---
id: S-20261127-wang-fang-01
opened: 2026-11-27 09:00
by: wang-fang
channel: phone
category: repair
unit: 3-2-501
contact: 陈建国 13812345678
to: engineering
due: 2026-11-27 10:00
events:
  - {at: 2026-11-27 09:05, by: wang-fang, status: dispatched, note: "<script>alert(1)</script> 派单 | 备注 {{ x }} *星号*"}
---
业主反映单元门禁卡失灵，刷卡无反应。<b>加粗</b> | 竖线 {{ 模板 }} 身份证 110101199003071234，回电 13912345678。
"""


def sample_repo(tmp_path: Path) -> Path:
    """The frozen sample records (tests/fixtures/sample), plus one overdue slip whose fields try to break the page."""
    root = tmp_path / "repo"
    shutil.copytree(SAMPLE / "records", root / "records")
    slip = root / "records/slips/2026/11/S-20261127-wang-fang-01.md"
    slip.write_text(HOSTILE_SLIP, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sample records built once with `wutong build` (module-wide: a build takes a few seconds)."""
    return build_site(sample_repo(tmp_path_factory.mktemp("site")), NOW)


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def parse_links(html: str) -> _Links:
    p = _Links()
    p.feed(html)
    return p


def test_build_writes_every_kind_of_page(built):
    for rel in ("index.html", "roles/index.html", "roles/supervisor.html", "roles/area_manager.html",
                "roles/front_desk.html", "reference/error-codes.html", "records/index.html",
                "records/slip/board.html", "records/slip/2026-11.html", "records/log/2026-11.html",
                "records/minutes/2026-11.html", "search/wutong-index.js"):
        assert (built / rel).is_file(), rel
    for procedure in (REPO / "wutong_docs/data/handbook/procedures").glob("*.md"):
        assert (built / "procedures" / f"{procedure.stem}.html").is_file()
    assert not (REPO / "handbook/roles").exists() and not (REPO / "handbook/records").exists()


def test_error_code_page_lists_every_code(built):
    html = read(built, "reference/error-codes.html")
    for code in P.CODES.values():
        assert f'id="{code.id}"' in html
        assert str(code.summary.replace("“", "").split("（")[0][:6]) in content_text(html).replace("“", "")


def test_role_pages_follow_the_duty_book(built):
    from wutong_docs.reference.duty_book import load_duties
    book, _ = load_duties(SAMPLE)
    for role in book.roles.values():
        text = content_text(read(built, f"roles/{role.id}.html"))
        for period in role.periods:
            assert period.name in text
            for duty in period.duties:
                assert " ".join(duty.text.split()) in text, duty.id
                for handoff in duty.handoffs:
                    assert handoff in text
        assert "工作日历" in text


def test_role_pages_say_how_each_duty_is_proven(built):
    from wutong_docs.reference.duty_book import load_duties
    from wutong_docs.reference.evidence import how_proven, proof_line
    book, _ = load_duties(SAMPLE)
    for role in book.roles.values():
        text = content_text(read(built, f"roles/{role.id}.html"))
        for duty in role.duties:
            assert proof_line(duty) in text and how_proven(duty) in proof_line(duty), duty.id
    assert "记录：在工作日志里写【钥匙核查】" in content_text(read(built, "roles/supervisor.html"))


def test_every_record_has_a_card_reachable_from_the_records_index(built):
    report = validate(built.parent)
    pages_from_index = {href.split("#")[0] for href in parse_links(read(built, "records/index.html")).hrefs}
    for record in report.records:
        kind = record.source.path.split("/")[1]
        if kind == "arrears" or getattr(record, "on_board", True) is False:
            continue
        anchor = Path(record.source.path).stem
        pages = [p for p in built.glob("records/*/*.html") if f'id="{anchor}"' in p.read_text(encoding="utf-8")]
        assert pages, f"{record.source.path} has no card"
        assert any(p.relative_to(built / "records").as_posix() in pages_from_index for p in pages)


def test_internal_links_resolve(built):
    ids: dict[Path, set] = {}
    broken = []
    for page in built.rglob("*.html"):
        if page.name == "404.html":   # served for any missing path, so its links are absolute
            continue
        links = parse_links(page.read_text(encoding="utf-8"))
        ids.setdefault(page, links.ids)
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "//")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(built)} -> {href}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse_links(target.read_text(encoding="utf-8")).ids
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{page.relative_to(built)} -> {href}")
    assert not broken, broken[:20]


def test_owner_numbers_are_masked_everywhere(built):
    mobile = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
    id_card = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
    for path in [*built.rglob("*.html"), *built.glob("search/*.js")]:
        text = path.read_text(encoding="utf-8")
        assert not mobile.search(text), path
        assert not id_card.search(text), path
    slip_page = read(built, "records/slip/2026-11.html")
    assert "陈** 138****5678" in slip_page
    assert "陈建国" not in slip_page


def test_arrears_lists_and_dunning_letters_stay_off_the_site(built):
    import csv
    owners = set()
    for path in (built.parent / "records/arrears").rglob("*.csv"):
        owners |= {row["owner"] for row in csv.DictReader(path.open(encoding="utf-8-sig"))}
    everything = "".join(p.read_text(encoding="utf-8") for p in [*built.rglob("*.html"), *built.glob("search/*.js")])
    assert not any(owner in everything for owner in owners)
    assert "records/arrears" not in "".join(str(p) for p in built.rglob("*"))


def test_front_matter_values_show_as_text(built):
    html = read(built, "records/slip/2026-11.html")
    card = html[html.index('id="S-20261127-wang-fang-01"'):]
    card = card[:card.index("</article>")]
    assert "<script>" not in card and "<b>" not in card
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 派单 | 备注 {{ x }} *星号*" in card
    assert "&lt;b&gt;加粗&lt;/b&gt; | 竖线 {{ 模板 }}" in card
    row = next(r for r in html.split("<tr") if "S-20261127-wang-fang-01" in r and "wt-slip-id" in r)
    assert row.count("<td") == 8   # the slip table keeps its eight columns


def test_overdue_slips_are_marked_on_the_board(built):
    board = read(built, "records/slip/board.html")
    row = next(r for r in board.split("<tr") if "S-20261127-wang-fang-01" in r)
    assert "wt-row--overdue" in row and "逾期" in row


def test_record_pages_stay_out_of_the_navigation(built):
    home = read(built, "index.html")
    assert "records/slip/2026-11.html" not in home
    roles_nav = read(built, "roles/index.html").split('class="md-content"')[0]
    assert 'href="supervisor.html"' in roles_nav   # the generated role pages are listed in the nav


def test_site_loads_nothing_from_outside(built):
    for path in [*built.rglob("*.html"), *built.rglob("*.css")]:
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path
        for src in re.findall(r'<(?:script|link|img)\b[^>]*(?:src|href)="([^"]+)"', text):
            assert not re.match(r"^(https?:)?//", src), (path, src)


def test_build_stops_on_record_errors_with_the_report(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    shutil.copytree(Path(__file__).parent / "fixtures/bad/WT404/records", root / "records", dirs_exist_ok=True)
    result = wutong(root, "build")
    assert result.exit_code == 1
    assert "error WT404" in result.output
    assert "未生成站点" in result.output
    assert not (root / "site").exists()


def test_plain_mkdocs_build_works_with_the_plugin(tmp_path):
    """This repository's own mkdocs.yml and handbook/, used in place (-f), over the sample records (WUTONG_ROOT)."""
    root = sample_repo(tmp_path)
    mkdocs = Path(sys.executable).parent / "mkdocs"
    done = subprocess.run([str(mkdocs), "build", "--strict", "-q", "-f", str(REPO / "mkdocs.yml"),
                           "-d", str(root / "site")], cwd=root, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "WUTONG_NOW": NOW,
                               "WUTONG_ROOT": str(root)})
    assert done.returncode == 0, done.stderr
    assert (root / "site/records/slip/board.html").is_file()
    assert not (REPO / "handbook/records").exists()


def test_serve_rebuilds_when_a_record_changes(tmp_path):
    from wutong_docs.outputs.site.plugin import WutongPlugin

    class Server:
        def __init__(self):
            self.watched = []

        def watch(self, path, *args, **kwargs):
            self.watched.append(path)

    plugin = WutongPlugin()
    errors, _ = plugin.load_config({"root": str(tmp_path)})
    assert not errors
    config = type("Config", (), {"config_file_path": str(REPO / "mkdocs.yml")})()
    server = plugin.on_serve(Server(), config=config, builder=None)
    assert server.watched == [str(tmp_path / "records")]


def test_a_repository_without_duty_book_or_mkdocs_yml_still_builds(good_repo):
    result = wutong(good_repo, "build")
    assert result.exit_code == 0, result.output
    assert "records/duties.yml 不存在" in read(good_repo / "site", "roles/index.html")
    assert (good_repo / "site/records/weekly/2026-11.html").is_file()


def test_every_board_notice_has_its_printable_sheets_and_no_letter_is_published(built):
    sheets = {p.name: p.read_text(encoding="utf-8") for p in (built / "records/notice/sheets").glob("*.html")}
    notices = [p for p in (built.parent / "records/notices").rglob("*.md")]
    boards = [p for p in notices if "kind: dunning" not in p.read_text(encoding="utf-8")]
    assert sorted(sheets) == sorted(f"{p.parent.parent.name}-{p.parent.name}-{p.stem}.html" for p in boards)
    theme = sheets["2026-12-winter-heating-theme.html"]
    assert theme.count('class="sheet') >= 30 and "冬季供暖与防冻" in theme  # one sheet per unit board
    assert 'href="sheets/2026-12-winter-heating-theme.html"' in read(built, "records/notice/2026-12.html")
    letter = re.compile(r"尊敬的\d+栋\d+单元\d+室业主")  # how a private dunning letter opens
    assert not any(letter.search(text) for text in sheets.values())


def test_command_reference_shows_every_commands_help(built):
    from wutong_docs.cli.main import cli
    from wutong_docs.outputs.site.commands_page import leaf_commands
    page = read(built, "reference/commands.html")
    for path, _ in leaf_commands(cli):
        name = " ".join(path)
        assert f"<code>wutong {name}</code></h2>" in page
        assert f"用法：wutong {name} [选项]" in page
    assert page.count("例：") == len(leaf_commands(cli))
    for english in ("Usage", "Options:", "Show this message", "[default:", "[required]", "OPTIONS"):
        assert english not in page


def test_the_404_page_is_chinese(built):
    page = read(built, "404.html")
    assert "<h1>404 找不到这个页面</h1>" in page and "Not found" not in page
