"""No planted phone or ID number leaves the records, however it is spelled; the numbers that must stay, stay.

tests/fixtures/masking/spellings.yml holds 75 spellings of mobiles, landlines and ID
numbers (separators, widths, prefixes, Markdown and HTML markup), each its own
number; negatives.yml what masking must leave as written. The fixture repository
tests/fixtures/masking/repo is planted with every spelling: a slip per spelling
(contact, event note, body), the log (patrol notes, body) and the minutes (body, action items), the
month's analysis, and the front desk's quick entry (`wutong renovation event --note`,
`wutong desk key out --purpose`, `wutong desk pass --items --checked-by`). The site is
built once and the report written once per format (module-scoped); then drafts with
errors quoting the numbers are added and `wutong check` runs. Every output is
flattened (separators and markup removed, full-width folded) and searched for each
number's digits and for the digits its mask hides; and each output is checked to
hold the planted text masked, so the search is not done on text that never got there.
"""

from __future__ import annotations

import html as htmllib
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import FIXTURES, build_site, copy_fixture, wutong
from wutong_docs.core.privacy import find_personal, mask, mask_html

SPELLINGS = yaml.safe_load((FIXTURES / "masking" / "spellings.yml").read_text(encoding="utf-8"))
NEGATIVES = [str(t) for t in yaml.safe_load((FIXTURES / "masking" / "negatives.yml").read_text(encoding="utf-8"))]
ONE_LINE = [e for e in SPELLINGS if "\n" not in e["text"] and "\r" not in e["text"]]
REPORT_FORMATS = ("html", "md", "json", "xlsx", "pdf")
WT604 = "张贴或发布的通知不得出现个人号码，请删去（联系方式写服务中心电话）"
LABELS = {"mobile": "手机号", "id_card": "身份证号"}


# -- what a leak is -----------------------------------------------------------------------------------
_FOLD = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")
_SEPARATORS = re.compile(r"[\s\u200b-\u200d\u2060\ufeff\u00ad\-–—‐‑−－.．/／_＿()（）*＊`~\\+＋]")


def flat(text: str) -> str:
    """`text` without separators and markup, full-width folded: `139 8017-6015` and `１３９**８０１７**６０１５` read alike."""
    return _SEPARATORS.sub("", text.translate(_FOLD))


def hidden(entry: dict) -> str:
    """The digits a mask hides: a mobile's 4th–7th, a landline's number before its last 4, an ID's middle."""
    digits = entry["digits"]
    if entry["kind"] == "mobile":
        return digits[3:7]
    if entry["kind"] == "landline":
        area = 3 if digits.startswith(("010", "02")) else 4
        return digits[area:-4]
    return digits[4:-4] if len(digits) == 18 else digits[4:-3]


_FLOATS = re.compile(r"[0-9]*\.[0-9]{6,}")   # a chart's coordinates and values (8.237846153846154): no record text


def leaks(where: str, text: str, whole_only: bool = False) -> list[str]:
    """Each planted number whose digits, or the digits its mask hides, are in `text` once flattened.

    `whole_only`: a file no record text reaches (the theme's scripts and styles), where four
    digits in a row mean nothing; only a whole number would be a leak there.
    """
    found = flat(_FLOATS.sub("|", text))
    return [f"{where}: {e['note']} {e['digits']}" for e in SPELLINGS
            if e["digits"] in found or not whole_only and hidden(e) in found]


def shown(entry: dict) -> str:
    """What the spelling looks like masked, flattened: what each output must hold."""
    return flat(mask(entry["text"]))


# -- reading the outputs as text ------------------------------------------------------------------------
INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "q",
          "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
READ_ATTRIBUTES = {"href", "title", "alt", "data-title", "aria-label", "content", "value", "placeholder", "src"}


class _Text(HTMLParser):
    """A page's text as a reader sees it (inline tags vanish, other tags break it), and its readable attributes."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in INLINE:
            self.parts.append("|")
        self.attributes += [v for k, v in attrs if v and k in READ_ATTRIBUTES]

    def handle_endtag(self, tag):
        if tag not in INLINE:
            self.parts.append("|")

    def handle_data(self, data):
        self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts) + "|" + "|".join(parser.attributes)


def pdf_text(data: bytes) -> str:
    return "|".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return "|".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
                    if c.value is not None)


def json_text(data: bytes) -> str:
    """Every string of a JSON document, as a reader of its values sees them (`\\n` a line break)."""
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
    return "|".join(strings(json.loads(data)))


READ = {"html": lambda b: html_text(b.decode()), "md": lambda b: htmllib.unescape(b.decode()), "json": json_text,
        "xlsx": xlsx_text, "pdf": pdf_text}


def site_texts(site: Path) -> dict[str, str]:
    """The text of every file of the site that holds record text; other files (theme assets) as they are."""
    out = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            out[rel] = html_text(path.read_text(encoding="utf-8"))
        elif path.suffix == ".pdf":
            out[rel] = pdf_text(path.read_bytes())
        elif rel == "search/wutong-index.js":   # keys are character pairs and page numbers; pages hold titles
            index = json.loads(path.read_text(encoding="utf-8")[len("wtSearch.load("):-len(");\n")])
            out[rel] = "|".join(f"{url}|{title}" for url, title in index["pages"])
        elif path.suffix in (".js", ".json", ".xml", ".ics", ".txt", ".css", ".md"):
            out[rel] = path.read_text(encoding="utf-8")
    return out


# -- the planted repository -----------------------------------------------------------------------------
SLIP = """---
id: {id}
opened: 2026-11-25 09:{minute:02d}
by: wang-fang
channel: phone
category: repair
unit: 3-2-501
contact: {contact}
to: engineering
due: 2026-11-26 18:00
events:
  - {{at: 2026-11-25 10:{minute:02d}, by: wang-fang, status: dispatched, note: {note}}}{rest}
---
业主来电：{text}，请工程部上门。
"""
CLOSED = """
  - {at: 2026-11-25 15:00, by: wang-fang, status: done, note: 已处理}
  - {at: 2026-11-26 10:00, by: wang-fang, status: revisited, result: satisfied, note: 业主满意}
  - {at: 2026-11-26 10:05, by: wang-fang, status: closed}"""
OPEN_SLIP = "S-20261125-wang-fang-01"   # left unfinished: the minutes' action items on it are overdue


def slip_id(i: int) -> str:
    return f"S-20261125-wang-fang-{i:02d}"


def paragraphs(intro: str) -> str:
    return "".join(f"\n{intro}{e['text']}。\n" for e in SPELLINGS)


def quoted(text: str) -> str:
    """A YAML value holding `text` exactly, whatever it holds (`*`, `<b>`, a no-break space)."""
    return json.dumps(text, ensure_ascii=False)


def plant(root: Path) -> None:
    """Every spelling into the records of `root`: slips, the log, the minutes, the analysis, the desk's quick entry."""
    for i, e in enumerate(SPELLINGS, 1):
        contact = quoted("业主 " + e["text"]) if e in ONE_LINE else "业主陈先生"
        (root / f"records/slips/2026/11/{slip_id(i)}.md").write_text(SLIP.format(
            id=slip_id(i), minute=i % 60, contact=contact, note=quoted(e["text"]),
            rest="" if slip_id(i) == OPEN_SLIP else CLOSED, text=e["text"]), encoding="utf-8", newline="")
    log = root / "records/logs/2026/11/2026-11-26-li-na.md"
    patrols = "".join(f'\n  - time: "{10 + i // 60:02d}:{i % 60:02d}"\n    note: {quoted("遇业主留电话 " + e["text"])}'
                      for i, e in enumerate(ONE_LINE))
    text = log.read_text(encoding="utf-8").replace("\nslips:", patrols + "\nslips:", 1)
    log.write_text(text + "\n## 来电记录\n" + paragraphs("业主来电，号码 "), encoding="utf-8", newline="")
    minutes = root / "records/minutes/2026/11/2026-11-23-weekly.md"
    head, body = minutes.read_text(encoding="utf-8").split("\n---\n", 1)
    actions = "".join(f"\n  - {{task: {quoted('回电 ' + e['text'])}, owner: wang-fang, due: 2026-11-25, slip: {OPEN_SLIP}}}"
                      for e in ONE_LINE)
    minutes.write_text(f"{head}{actions}\n---\n{body}{paragraphs('会上提到的业主电话 ')}", encoding="utf-8", newline="")
    with open(root / "records/reports/2026-11.md", "a", encoding="utf-8", newline="") as analysis:
        analysis.write(paragraphs("需回电：") + "".join(f"\n- 电话 **{e['text']}** 待回\n" for e in ONE_LINE))
    quick_entry(root)


def quick_entry(root: Path) -> None:
    """The front desk's commands, with the spellings in the fields that take free text."""
    for i, e in enumerate(ONE_LINE):
        at = f"2026-11-25 {8 + i // 60:02d}:{i % 60:02d}"
        ran = wutong(root, "renovation", "event", "3-2-501", "inspection", "--note", f"业主电话 {e['text']}",
                     "--staff", "li-na", "--at", at)
        assert ran.exit_code == 0, ran.output
    for i, e in enumerate(ONE_LINE[:12]):
        home, at, back = f"1-1-{101 + i}", f"2026-11-24 {9 + i % 8:02d}:{i:02d}", f"2026-11-24 {9 + i % 8:02d}:{30 + i:02d}"
        for args in (("desk", "key", "out", home, "--to", "业主 陈先生", "--purpose", f"取件 {e['text']}", "--at", at),
                     ("desk", "key", "back", home, "--at", back),
                     ("desk", "pass", home, "--items", f"旧家具 {e['text']}", "--approved-by", "zhang-wei",
                      "--checked-by", f"门岗 {e['text']}", "--at", at)):
            ran = wutong(root, *args, "--staff", "wang-fang")
            assert ran.exit_code == 0, ran.output


DRAFT = """---
id: {id}
opened: 2026-11-27 09:00
by: wang-fang
channel: phone
category: repair
unit: {unit}
contact: 业主陈先生
to: {to}
due: 2026-11-28 18:00
events: []
---
草稿
"""


def add_drafts(root: Path) -> None:
    """Slips with errors whose messages quote the numbers (WT111 the unit, WT110 the department): `check` lists them."""
    for i, e in enumerate(ONE_LINE, 1):
        sid = f"S-20261127-wang-fang-{i:02d}"
        (root / f"records/slips/2026/11/{sid}.md").write_text(
            DRAFT.format(id=sid, unit=quoted(e["text"]), to=quoted(e["text"] + "部")), encoding="utf-8")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict:
    """{"site": its folder, "report": {format: text}, "check": text, "check_json": text} of the planted repository."""
    base = tmp_path_factory.mktemp("masking")
    root = copy_fixture("masking/repo", base / "repo")
    plant(root)
    validated = wutong(root, "validate")
    assert validated.exit_code == 0, validated.output
    site = build_site(root, "2026-11-30 20:00")
    report = {}
    for fmt in REPORT_FORMATS:
        target = base / f"report.{fmt}"
        made = wutong(root, "report", "--month", "2026-11", "--format", fmt, "-o", str(target))
        assert made.exit_code == 0, made.output
        report[fmt] = READ[fmt](target.read_bytes())
    add_drafts(root)
    check = wutong(root, "check", "--date", "2026-11-30")
    check_json = wutong(root, "check", "--date", "2026-11-30", "--format", "json")
    return {"site": site, "report": report, "check": check.stdout, "check_json": json_text(check_json.stdout.encode())}


# -- the corpus itself ------------------------------------------------------------------------------------
def test_the_corpus_is_large_and_every_spelling_is_found_as_its_number():
    assert len(SPELLINGS) >= 60 and len({e["digits"] for e in SPELLINGS}) == len(SPELLINGS)
    assert {e["kind"] for e in SPELLINGS} == {"mobile", "landline", "id_card"}
    wrong = [(e["note"], [(f.kind, f.digits) for f in find_personal(e["text"])]) for e in SPELLINGS
             if [(f.kind, f.digits) for f in find_personal(e["text"])] != [(e["kind"], e["digits"])]]
    assert wrong == []


@pytest.mark.parametrize("entry", SPELLINGS, ids=[e["note"] for e in SPELLINGS])
def test_each_spelling_is_masked_in_place(entry):
    masked = mask(entry["text"])
    assert len(masked) == len(entry["text"])
    assert leaks("mask", masked) == []
    assert mask(masked) == masked


def test_the_negatives_stay_as_written():
    assert len(NEGATIVES) >= 40
    assert [t for t in NEGATIVES if mask(t) != t or find_personal(t)] == []
    assert [t for t in NEGATIVES if mask_html(f"<p>{t}</p>") != f"<p>{t}</p>"] == []


# -- every output -----------------------------------------------------------------------------------------
def test_no_planted_number_in_any_file_of_the_site(outputs):
    texts = site_texts(outputs["site"])
    assert any(rel.startswith("search/p") for rel in texts) and any(rel.endswith(".pdf") for rel in texts)
    theme = ("assets/javascripts/", "assets/stylesheets/")
    found = [leak for rel, text in texts.items() for leak in leaks(rel, text, rel.startswith(theme))]
    assert found == []


def test_the_site_shows_every_planted_number_masked(outputs):
    """The planting reached the pages: each slip's contact (one-line spellings), the log, the minutes, the report page."""
    site = outputs["site"]
    pages = {name: flat(html_text((site / f"{name}.html").read_text(encoding="utf-8")))
             for name in ("records/slip/2026-11", "records/log/2026-11", "records/minutes/2026-11", "reports/2026-11")}
    missing = [f"{name}: {e['note']}" for name, text in pages.items() for e in SPELLINGS if shown(e) not in text]
    assert missing == []
    shards = flat("".join(p.read_text(encoding="utf-8") for p in (site / "search").glob("p*.js")))
    assert [e["note"] for e in SPELLINGS if shown(e) not in shards] == []


def test_the_front_desk_entries_reach_the_site_masked(outputs):
    text = flat("".join(html_text(p.read_text(encoding="utf-8")) for p in (outputs["site"] / "records").rglob("*.html")
                        if "renovation" in p.as_posix() or "desk" in p.as_posix()))
    assert [e["note"] for e in ONE_LINE if shown(e) not in text] == []


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_no_planted_number_in_the_report(outputs, fmt):
    text = outputs["report"][fmt]
    assert leaks(f"report.{fmt}", text) == []
    planted = ONE_LINE if fmt == "xlsx" else SPELLINGS   # the workbook puts each line of the analysis in a cell
    assert [e["note"] for e in planted if shown(e) not in flat(text)] == []


def test_no_planted_number_in_the_check(outputs):
    for name in ("check", "check_json"):
        text = outputs[name]
        assert "WT111" in text and "待办" in text
        assert leaks(name, text) == []
        assert [e["note"] for e in ONE_LINE if shown(e) not in flat(text)] == []


# -- notices refuse them ----------------------------------------------------------------------------------
NOTICE = """---
kind: general
title: 失物招领
posted: 2026-11-20
until: 2026-11-27
units: ["1-1"]
---
{body}
"""


def test_every_personal_spelling_in_a_notice_is_refused_and_landlines_are_not(tmp_path):
    root = copy_fixture("masking/repo", tmp_path / "repo")
    folder = root / "records/notices/2026/11"
    folder.mkdir(parents=True)
    expected = []
    for i, e in enumerate(SPELLINGS, 1):
        (folder / f"n{i:02d}.md").write_text(NOTICE.format(body=f"请失主联系 {e['text']} 认领。"), encoding="utf-8",
                                              newline="")
        if e["kind"] in LABELS:
            expected.append(f"records/notices/2026/11/n{i:02d}.md:8: error WT604 通知中有{LABELS[e['kind']]} "
                            f"{e['digits'][:3]}…：{WT604}\n")
    result = wutong(root, "validate")
    assert result.stdout == "".join(expected)
    assert result.exit_code == 1


def test_a_notice_of_the_negatives_is_not_refused(tmp_path):
    root = copy_fixture("masking/repo", tmp_path / "repo")
    folder = root / "records/notices/2026/11"
    folder.mkdir(parents=True)
    (folder / "numbers.md").write_text(NOTICE.format(body="\n\n".join(NEGATIVES)), encoding="utf-8")
    result = wutong(root, "validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_a_number_broken_over_lines_is_refused_at_the_line_it_starts_on(tmp_path):
    root = copy_fixture("masking/repo", tmp_path / "repo")
    folder = root / "records/notices/2026/11"
    folder.mkdir(parents=True)
    (folder / "lost.md").write_text(NOTICE.format(body="拾到钥匙一串。\n\n请失主联系 139 8017\n6015 认领。"),
                                    encoding="utf-8")
    result = wutong(root, "validate")
    assert result.stdout == f"records/notices/2026/11/lost.md:10: error WT604 通知中有手机号 139…：{WT604}\n"
    assert result.exit_code == 1


def test_a_phone_typed_as_the_unit_is_named_whole_and_check_masks_it(tmp_path):
    """`166-8517-6515` reads as building 166, unit 8517: the message would split it past masking, so it says what it is."""
    root = copy_fixture("masking/repo", tmp_path / "repo")
    slip = root / "records/slips/2026/11/S-20261126-wang-fang-01.md"
    slip.write_text(slip.read_text(encoding="utf-8").replace("unit: 3-2-501", "unit: 166-8517-6515"), encoding="utf-8")
    said = ("records/slips/2026/11/S-20261126-wang-fang-01.md:7: error WT111 {} 像是电话或证件号，不是房号："
            "应为 楼栋-单元-房号（如 3-2-501）或 楼栋-单元（如 3-2）\n")
    result = wutong(root, "validate")
    assert (result.exit_code, result.stdout) == (1, said.format("166-8517-6515"))
    assert said.format("166-****-6515") in wutong(root, "check", "--date", "2026-11-30").stdout
