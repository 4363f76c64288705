"""Parking leases and outside work orders (issue 22 items 4 and 5): `wutong new`, the check, the report, the site.

The repository is tests/fixtures/sample_desk with tests/fixtures/registers/leasework laid over it:
org.yml with its `outside:` bodies, the duty book with `record: lease` and `record: workorder`,
eleven spaces' leases, five work orders of November 2026, and two developer slips naming their work orders.
Every figure is counted again here from the fixture files themselves (PyYAML), not through wutong.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from conftest import FIXTURES, build_site, copy_fixture, wutong
from wutong_docs.check.duty_gaps import run_check
from wutong_docs.check.workorder import answer_by
from wutong_docs.core.privacy import mask_plate
from wutong_docs.reference.workdays import NO_OVERRIDES, Overrides

OVERLAY = FIXTURES / "registers" / "leasework"
LEASE_DUTY, WORKORDER_DUTY = "front_desk/parking-lease", "supervisor/external-slips-status"


def repo(tmp_path: Path) -> Path:
    root = copy_fixture("sample_desk", tmp_path / "repo")
    shutil.copytree(OVERLAY, root, dirs_exist_ok=True)
    return root


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def gaps(root: Path, on: str, duty: str) -> list:
    day = date.fromisoformat(on)
    return [g for g in run_check(root, day, day - timedelta(days=30)).gaps if g.duty_id == duty]


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


# ── wutong new lease ──

NEW_LEASE = ("new", "lease", "--space", "B2-200", "--home", "3-2-501", "--plate", "浙A12345", "--from", "2026-12-01",
             "--to", "2027-11-30", "--card", "0099887766", "--by", "wang-fang", "--signed", "2026-11-28")


def test_new_lease_makes_the_spaces_file_and_a_renewal_is_a_second_entry(tmp_path):
    root = repo(tmp_path)
    first = wutong(root, *NEW_LEASE)
    assert first.exit_code == 0, first.output
    assert first.stdout == "records/leases/B2-200.md:9: - home: 3-2-501\n"
    renewal = list(NEW_LEASE)
    renewal[renewal.index("2026-12-01")], renewal[renewal.index("2027-11-30")] = "2027-12-01", "2028-11-30"
    again = wutong(root, *renewal)
    assert again.exit_code == 0, again.output
    data = front(root / "records/leases/B2-200.md")
    assert [(e["from"], e["to"]) for e in data["leases"]] == [(date(2026, 12, 1), date(2027, 11, 30)),
                                                               (date(2027, 12, 1), date(2028, 11, 30))]
    assert data["leases"][0]["card"] == "0099887766"   # quoted: its leading zeros kept
    assert "# 车位 B2-200 的租用登记" in (root / "records/leases/B2-200.md").read_text(encoding="utf-8")  # comments kept
    assert wutong(root, "validate").exit_code == 0


@pytest.mark.parametrize("option, value, message", [
    ("--plate", "浙A1234", "错误：车牌号 浙A1234 写法不对：应为省份简称 + 字母 + 5 位，新能源车 6 位，例如 浙A12345、浙AD12345（字母不用 I 和 O）"),
    ("--plate", "浙AI2345", "错误：车牌号 浙AI2345 写法不对：应为省份简称 + 字母 + 5 位，新能源车 6 位，例如 浙A12345、浙AD12345（字母不用 I 和 O）"),
    ("--home", "3-5-501", "错误：房号 3-5-501：3 栋 5 单元不在 records/org.yml 中；3 栋的单元：1、2"),
    ("--home", "30-1-501", "错误：房号 30-1-501：30 栋 1 单元不在 records/org.yml 中（是不是 3？）；楼栋：1、2、3、4、5、6、7、8、9、10、11、12、13、14、15、16"),
    ("--space", "B2118", "错误：车位编号 B2118 写法不对：应为 区位-号，例如 B2-118、D-012"),
    ("--card", "12AB", "错误：IC 卡号 12AB 写法不对：照卡面抄写 8–10 位数字，例如 card: \"0012345678\""),
    ("--to", "2026-11-30", "错误：--to 2026-11-30 不晚于 --from 2026-12-01：到期日要在起租日之后"),
    ("--by", "wang-fan", "错误：员工 wang-fan 不在 records/org.yml 中（是不是 wang-fang？）；已有：zhang-wei（张伟）、li-na（李娜）、"
                         "chen-lei（陈磊）、liu-yang（刘洋）、huang-jing（黄静）、wang-fang（王芳）、zhou-xue（周雪）、xu-ting（徐婷）"),
    ("--card", "0031206118", "错误：IC 卡 0031206118 已用于 records/leases/B2-118.md 第 4 行的租用（到 2026-11-30）："
                             "每份租用办一张卡，请核对卡号"),
])
def test_new_lease_refuses_a_wrong_value_at_once_and_writes_nothing(tmp_path, option, value, message):
    root = repo(tmp_path)
    args = list(NEW_LEASE)
    args[args.index(option) + 1] = value
    if option == "--card":   # B2-118's first lease ran to 2026-11-30: overlap it
        args[args.index("--from") + 1] = "2026-11-15"
    result = wutong(root, *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    assert not (root / "records/leases/B2-200.md").exists()


def test_new_lease_refuses_an_overlap_on_its_space_and_leaves_the_file_as_it_was(tmp_path):
    root = repo(tmp_path)
    before = (root / "records/leases/B2-047.md").read_bytes()
    result = wutong(root, "new", "lease", "--space", "B2-047", "--home", "1-1-101", "--plate", "浙B54321",
                    "--from", "2027-01-01", "--to", "2027-12-31", "--card", "0011112222")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("错误：未登记：records/leases/B2-047.md 中要写入的这一行有错误：WT544 车位 B2-047 在 2027-01-01 "
                                     "起同时租给两户（第 4 行那份到 2027-11-20）：续租的 from 应在上一份的 to 之后；请核对后再登记，文件未改动")
    assert (root / "records/leases/B2-047.md").read_bytes() == before


# ── wutong new workorder ──

def test_new_workorder_takes_the_days_next_number(tmp_path):
    root = repo(tmp_path)
    args = ("new", "workorder", "--to", "居委会", "--subject", "3栋楼道堆物", "--by", "zhang-wei", "--sent", "2026-11-13")
    result = wutong(root, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == "records/workorders/2026/11/W-20261113-02.md\n"   # 01 is the fixture's
    data = front(root / "records/workorders/2026/11/W-20261113-02.md")
    assert (data["to"], data["subject"], data["by"], data["answered"]) == ("居委会", "3栋楼道堆物", "zhang-wei", None)
    assert wutong(root, *args).stdout == "records/workorders/2026/11/W-20261113-03.md\n"


@pytest.mark.parametrize("args, message", [
    (("--to", "居委", "--by", "zhang-wei"),
     "错误：--to 居委 不是 records/org.yml 中的部门或外部单位（是不是 居委会？）；可选：engineering（工程部）、maintenance（维护队）、"
     "cleaning（保洁部）、greening（绿化部）、finance（财务部）、office（办公室）、developer（开发商工程部）、"
     "居委会、街道办事处、环卫站、派出所、供电所、燃气公司（外部单位在 org.yml 的 outside 中添加）"),
    (("--to", "developer", "--by", "zhang"),
     "错误：员工 zhang 不在 records/org.yml 中（是不是 zhang-wei？）；已有：zhang-wei（张伟）、li-na（李娜）、chen-lei（陈磊）、liu-yang（刘洋）、"
     "huang-jing（黄静）、wang-fang（王芳）、zhou-xue（周雪）、xu-ting（徐婷）"),
])
def test_new_workorder_refuses_an_unknown_recipient_or_staff(tmp_path, args, message):
    root = repo(tmp_path)
    result = wutong(root, "new", "workorder", "--subject", "x", "--sent", "2026-11-30", *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    assert not (root / "records/workorders/2026/11/W-20261130-01.md").exists()


def test_a_new_workorder_is_a_draft_until_its_content_is_written(tmp_path):
    root = repo(tmp_path)
    rel = wutong(root, "new", "workorder", "--to", "developer", "--subject", "x", "--by", "zhang-wei").stdout.strip()
    assert wutong(root, "validate").exit_code == 1
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + "请开发商工程部核实。\n", encoding="utf-8")
    assert wutong(root, "validate").exit_code == 0


# ── the check: leases ──

def lease_file(space: str, end: str, *, signed="2026-01-05", extra="", renewal: str | None = None) -> str:
    text = (f"---\nspace: {space}\nleases:\n  - home: 1-1-101\n    plate: 浙B54321\n    card: \"0077000001\"\n"
            f"    from: 2026-01-10\n    to: {end}\n    signed: {signed}\n{extra}")
    if renewal:
        text += (f"  - home: 1-1-101\n    plate: 浙B54321\n    card: \"0077000001\"\n    from: {renewal}\n"
                 f"    to: 2027-12-31\n    signed: 2026-12-10\n")
    return text + "---\n"


@pytest.mark.parametrize("on, listed", [("2026-12-10", False), ("2026-12-11", True), ("2027-01-10", True),
                                        ("2027-01-11", False)])
def test_a_lease_is_a_gap_from_the_30th_day_before_its_end_to_its_end(tmp_path, on, listed):
    root = repo(tmp_path)
    write(root, "records/leases/B9-001.md", lease_file("B9-001", "2027-01-10"))
    found = [g for g in gaps(root, on, LEASE_DUTY) if "B9-001" in g.message]
    assert bool(found) == listed
    if listed:
        g = found[0]
        assert (g.category, g.staff, g.name, g.date, g.due) == ("车位租用", "", "服务中心前台", "2026-12-11", "2027-01-10")
        assert g.message == (f"车位 B9-001（1-1-101，浙B5***1）的租用 2027-01-10 到期，"
                             f"还有 {(date(2027, 1, 10) - date.fromisoformat(on)).days} 天，尚未续租")


def test_a_renewal_signed_by_the_checked_day_or_a_refusal_ends_the_gap(tmp_path):
    root = repo(tmp_path)
    write(root, "records/leases/B9-001.md", lease_file("B9-001", "2026-12-31", renewal="2027-01-01"))
    write(root, "records/leases/B9-002.md", lease_file("B9-002", "2026-12-31", extra="    renewal: 不续租\n")
          .replace("0077000001", "0077000002"))
    spaces = lambda on: sorted(g.message[3:9] for g in gaps(root, on, LEASE_DUTY) if "B9-" in g.message)  # noqa: E731
    assert spaces("2026-12-09") == ["B9-001"]   # renewal signed on the 10th: not yet
    assert spaces("2026-12-10") == []


def test_the_samples_leases_ending_within_30_days_unrenewed_are_the_front_desks(tmp_path):
    found = gaps(repo(tmp_path), "2026-11-30", LEASE_DUTY)
    # B1-112 ends 12-02, B1-020 12-14; B2-103 ends 12-31 (31 days: not yet), B2-010 declined, B2-118 renewed
    assert [(g.message.split("（")[0], g.date) for g in found] == [("车位 B1-112", "2026-11-03"),
                                                                  ("车位 B1-020", "2026-11-14")]
    assert "浙A3N7Q2" not in " ".join(g.message for g in found)


# ── the check: work orders ──

def order(id_: str, sent: str, extra: str = "") -> str:
    return f"---\nid: {id_}\nto: 居委会\nsubject: 楼道堆物\nsent: {sent}\nby: li-na\n{extra}---\n请居委会协助。\n"


@pytest.mark.parametrize("on, listed", [("2026-11-24", False), ("2026-11-25", True)])
def test_a_work_order_is_a_gap_from_the_day_after_its_7th_working_day(tmp_path, on, listed):
    root = repo(tmp_path)   # W-20261113-01 was sent on Friday the 13th: 16–20, 23, 24 are its 7 working days
    found = [g for g in gaps(root, on, WORKORDER_DUTY) if "W-20261113-01" in g.message]
    assert bool(found) == listed
    if listed:
        g = found[0]
        assert (g.category, g.staff, g.date, g.due) == ("对外工作单", "zhang-wei", "2026-11-25", "2026-11-24")
        assert g.message == "W-20261113-01（致居委会：12栋楼道长期堆放杂物，请协助做业主工作）11-13 发出，7 个工作日内（到 11-24）未答复"


def test_an_answer_by_the_checked_day_ends_the_gap_and_the_gap_goes_to_a_supervisor(tmp_path):
    root = repo(tmp_path)
    write(root, "records/workorders/2026/11/W-20261102-01.md", order("W-20261102-01", "2026-11-02",
                                                                     "answered: 2026-11-26\nanswer: 已协调\n"))
    ids = lambda on: [g.message.split("（")[0] for g in gaps(root, on, WORKORDER_DUTY)]  # noqa: E731
    assert ids("2026-11-25") == ["W-20261102-01", "W-20261113-01"]
    assert ids("2026-11-26") == ["W-20261113-01"]
    assert {g.staff for g in gaps(root, "2026-11-25", WORKORDER_DUTY)} == {"zhang-wei"}   # sent by li-na


def test_answer_by_skips_weekends_and_holidays_and_counts_make_up_days():
    holiday = Overrides({date(2026, 11, d): "测试假日" for d in (18, 19)}, {date(2026, 11, 22): "调休"},
                        frozenset({2026}))
    assert answer_by(date(2026, 11, 13), NO_OVERRIDES) == date(2026, 11, 24)
    # 16, 17, (18, 19 off), 20, (21 Sat), 22 make-up, 23, 24, 25: the 7th is the 25th; without the make-up day the 26th
    assert answer_by(date(2026, 11, 13), holiday) == date(2026, 11, 25)
    no_makeup = Overrides(holiday.off, {}, frozenset({2026}))
    assert answer_by(date(2026, 11, 13), no_makeup) == date(2026, 11, 26)


# ── the report ──

def counted(root: Path) -> tuple[dict, dict]:
    """The November figures counted from the fixture files alone."""
    end, dec = date(2026, 11, 30), (date(2026, 12, 1), date(2026, 12, 31))
    files = [front(p) for p in sorted((root / "records/leases").glob("*.md"))]
    entries = [(f, e) for f in files for e in f["leases"]]
    active = [(f, e) for f, e in entries if e["from"] <= end <= e["to"]]
    ending = [(f, e) for f, e in active if dec[0] <= e["to"] <= dec[1]]
    later = lambda f, e: any(o["from"] > e["from"] and o["signed"] <= end for o in f["leases"])  # noqa: E731
    leases = {"spaces": len(files), "active": len(active), "spaces_let": len({f["space"] for f, _ in active}),
              "ending_next_month": len(ending),
              "not_renewed": sum(1 for f, e in ending if not e.get("renewal") and not later(f, e)),
              "declined": sum(1 for _, e in ending if e.get("renewal") == "declined"),
              "new": sum(1 for _, e in entries if e["signed"].month == 11 and e["signed"].year == 2026),
              "renewals": sum(1 for f, e in entries if e["signed"].month == 11 and e["signed"].year == 2026
                              and any(o["home"] == e["home"] and o["from"] < e["from"] for o in f["leases"]))}
    orders = [front(p) for p in sorted((root / "records/workorders").rglob("*.md"))]
    nov = lambda d: d is not None and d.year == 2026 and d.month == 11  # noqa: E731
    orders_fig = {"sent": sum(nov(o["sent"]) for o in orders), "answered": sum(nov(o.get("answered")) for o in orders),
                  "closed": sum(nov(o.get("closed")) for o in orders),
                  "open": sum(not o.get("closed") for o in orders),
                  "unanswered": sum(not o.get("answered") for o in orders),
                  "overdue": 1}   # W-20261113-01: its 7th working day was 11-24 (test above); W-20261124-01's is 12-03
    return leases, orders_fig


def test_the_report_figures_match_a_count_of_the_files(tmp_path):
    root = repo(tmp_path)
    got = json.loads(wutong(root, "report", "--month", "2026-11", "--format", "json").stdout)
    leases, orders = counted(root)
    assert got["leases"] == leases
    assert {k: got["workorders"][k] for k in orders} == orders
    assert got["workorders"]["overdue_ids"] == ["W-20261113-01"]
    assert {r["to"]: r["sent"] for r in got["workorders"]["by_recipient"]} == {"开发商工程部": 2, "居委会": 1, "环卫站": 1,
                                                                             "供电所": 1}
    assert leases["active"] == 11 and leases["ending_next_month"] == 4 and orders["sent"] == 5   # non-trivial


def test_the_workbooks_sheets_say_what_the_json_says(tmp_path):
    root = repo(tmp_path)
    got = json.loads(wutong(root, "report", "--month", "2026-11", "--format", "json").stdout)
    out = tmp_path / "r.xlsx"
    assert wutong(root, "report", "--month", "2026-11", "--format", "xlsx", "--output", str(out)).exit_code == 0
    book = load_workbook(BytesIO(out.read_bytes()))
    rows = [[c for c in r if c is not None] for r in book["车位租用"].iter_rows(values_only=True)]
    table = {r[0]: r[1] for r in rows if len(r) == 2 and isinstance(r[1], int)}
    assert list(table.values()) == [got["leases"][k] for k in ("spaces", "active", "spaces_let", "ending_next_month",
                                                                "not_renewed", "declined", "new", "renewals")]
    rows = [r for r in book["对外工作单"].iter_rows(values_only=True) if r[0]]
    by_to = {r[0]: list(r[1:7]) for r in rows if isinstance(r[1], int)}
    keys = ("sent", "answered", "closed", "open", "unanswered", "overdue")
    assert by_to == {**{r["to"]: [r[k] for k in keys] for r in got["workorders"]["by_recipient"]},
                     "合计": [got["workorders"][k] for k in keys]}


def test_the_markdown_report_has_both_sections(tmp_path):
    md = wutong(repo(tmp_path), "report", "--month", "2026-11", "--format", "md").stdout
    assert "## 十、车位租用" in md and "| 月末在租 | 11 |" in md
    assert "| 居委会 | 1 | 0 | 0 | 1 | 1 | 1 |" in md and "W-20261113-01" in md


# ── privacy and the site ──

OWNER, PHONE, PLATE = "欧阳春梅", "13912345678", "浙A7Q9K3"


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    root = repo(tmp_path_factory.mktemp("leasework"))
    write(root, "records/leases/B9-009.md",
          f"---\nspace: B9-009\nleases:\n  - home: 1-1-101\n    plate: {PLATE}\n    card: \"0077000009\"\n"
          f"    from: 2026-01-01\n    to: 2026-12-10\n    signed: 2025-12-28\n    note: 车主{OWNER} {PHONE}\n---\n"
          f"车主 {OWNER}，电话 {PHONE}，车牌 {PLATE}。\n")
    return root


def test_no_planted_owner_phone_or_plate_reaches_the_check_or_the_report(planted):
    check = wutong(planted, "check", "--date", "2026-11-30")
    assert mask_plate(PLATE) in check.stdout   # the gap is there, its plate masked
    outputs = [check.stdout + check.stderr]
    for fmt in ("json", "md", "html"):
        outputs.append(wutong(planted, "report", "--month", "2026-11", "--format", fmt).stdout)
    for leak in (OWNER, PHONE, PLATE, "B9-009", "1-1-101"):
        assert not any(leak in text for text in outputs[1:]), leak
        if leak not in ("B9-009", "1-1-101"):   # the check names the space and the home, as it names a slip's unit
            assert leak not in outputs[0], leak


def test_the_site_shows_leases_only_as_counts_and_work_orders_on_their_pages(planted):
    site = build_site(planted, "2026-11-30 18:00")
    files = [p for p in site.rglob("*") if p.suffix in (".html", ".js", ".json", ".xml", ".ics", ".txt")]
    leaks = [(p.relative_to(site).as_posix(), s) for p in files
             for s in (OWNER, PHONE, PLATE, "浙A3N7Q2", "B9-009", "0077000009") if s in p.read_text(encoding="utf-8")]
    assert leaks == []
    assert not (site / "records/lease/2026-11.html").exists()
    register = (site / "records/lease/register.html").read_text(encoding="utf-8")
    assert "<th>车位（有登记的）</th><td>12</td>" in register
    assert "<th>30 天内到期、尚未续租</th><td>3</td>" in register   # B1-112, B1-020, and the planted B9-009
    orders = (site / "records/workorder/register.html").read_text(encoding="utf-8")
    assert orders.count('class="wt-row--overdue"') == 1 and "W-20261113-01" in orders
    assert 'id="W-20261112-01"' in (site / "records/workorder/2026-11.html").read_text(encoding="utf-8")
