"""`wutong new desk` and `wutong new renovation`: where the scaffold goes, what it holds, no overwriting, and
that a filled-in scaffold (by hand or by the quick-entry commands) validates."""

from __future__ import annotations

from conftest import wutong
from test_scaffold import fill

DESK = "records/desk/2026/11/2026-11-26.md"
CASE = "records/renovations/1-1-101-202611.md"


def new_desk(repo, *args):
    return wutong(repo, "new", "desk", "--staff", "wang-fang", "--date", "2026-11-26", *args)


def test_new_desk_writes_the_days_register_with_the_person_at_the_desk(good_repo):
    result = new_desk(good_repo)
    assert (result.exit_code, result.stdout) == (0, DESK + "\n")
    text = (good_repo / DESK).read_text(encoding="utf-8")
    assert text.startswith("---\ndate: 2026-11-26\n# 今天在前台的人") and "\nstaff: [wang-fang]\n" in text
    for section in ("keys", "parcels", "cards", "passes"):
        assert f"\n{section}: []\n" in text
    # each section's comment shows one row, numbered for the day
    assert "#   - {id: P-20261126-01, home: 6-1-302," in text and "#   - {id: F-20261126-01," in text
    assert "by: wang-fang}" in text
    assert text.endswith("---\n## 交接\n\n<!-- 王芳：写交班时要交代的事，例如“1. 6-1-302 的包裹已通知两次，业主明天来取” -->\n")


def test_the_staff_comes_from_the_environment_too(good_repo, monkeypatch):
    monkeypatch.setenv("WUTONG_STAFF", "li-na")
    result = wutong(good_repo, "new", "desk", "--date", "2026-11-26")
    assert "staff: [li-na]" in (good_repo / result.stdout.strip()).read_text(encoding="utf-8")


def test_new_desk_without_staff_is_refused(good_repo, monkeypatch):
    monkeypatch.delenv("WUTONG_STAFF", raising=False)
    result = wutong(good_repo, "new", "desk", "--date", "2026-11-26")
    assert (result.exit_code, result.stderr) == (1, "错误：请用 --staff 指明员工编号（或设置环境变量 WUTONG_STAFF）"
        "；可用的员工编号：zhang-wei（张伟）、li-na（李娜）、wang-fang（王芳）\n")
    assert not (good_repo / DESK).exists()


def test_new_desk_never_overwrites_the_days_register(good_repo):
    new_desk(good_repo)
    path = good_repo / DESK
    path.write_text(path.read_text(encoding="utf-8") + "1. 手写的交接。\n", encoding="utf-8")
    before = path.read_bytes()
    again = wutong(good_repo, "new", "desk", "--staff", "li-na", "--date", "2026-11-26")
    assert (again.exit_code, again.stderr) == (1, f"错误：{DESK} 已存在，未做任何改动；请直接编辑该文件\n")
    assert path.read_bytes() == before


def test_an_empty_register_validates_and_rows_typed_under_the_comments_validate(good_repo):
    new_desk(good_repo)
    assert wutong(good_repo, "validate", str(good_repo / DESK)).exit_code == 0
    fill(good_repo / DESK,
         ("keys: []", 'keys:\n  - {home: 1-1-101, to: "装修工 王师傅", purpose: 装修, out: "09:10", back: "17:40",'
                      " by: wang-fang}"),
         ("parcels: []", 'parcels:\n  - {id: P-20261126-01, home: 2-1-302, carrier: 顺丰, arrived: "10:05",'
                         ' notified: "10:20", picked: "2026-11-27 18:30", by: wang-fang}'),
         ("cards: []", 'cards:\n  - {kind: owner_card, home: 1-1-101, applied: "10:30", notified: "11:50",'
                       " fee: 20, by: wang-fang}"),
         ("passes: []", 'passes:\n  - {id: F-20261126-01, home: 2-1-302, items: 旧沙发一套, approved_by: zhang-wei,'
                        ' out: "15:00", checked_by: 门岗}'))
    result = wutong(good_repo, "validate")
    assert result.exit_code == 0, result.output


def test_quick_entry_appends_under_the_scaffolds_comments(good_repo):
    new_desk(good_repo)
    path = good_repo / DESK
    before = path.read_text(encoding="utf-8").splitlines()
    out = wutong(good_repo, "desk", "key", "out", "1-1-101", "--to", "装修工王师傅", "--purpose", "装修",
                 "--staff", "li-na", "--at", "2026-11-26 09:10")
    assert out.exit_code == 0, out.output
    after = path.read_text(encoding="utf-8").splitlines()
    assert after[3] == before[3].replace("[wang-fang]", "[wang-fang, li-na]")  # li-na was at the desk too
    keys = before.index("keys: []")
    assert after[4:keys] == before[4:keys] and after[:3] == before[:3]  # the comments above stay where they were
    assert after[keys:keys + 2] == ["keys:", "  - {home: 1-1-101, to: 装修工王师傅, purpose: 装修, out: \"09:10\", by: li-na}"]
    assert after[keys + 2:] == before[keys + 1:]
    assert wutong(good_repo, "validate").exit_code == 0


def new_case(repo, *args):
    return wutong(repo, "new", "renovation", "1-1-101", "--contractor", "城南家装工程队", "--applied", "2026-11-02",
                  *args)


def test_new_renovation_names_the_case_by_home_and_month_of_application(good_repo):
    result = new_case(good_repo)
    assert (result.exit_code, result.stdout) == (0, CASE + "\n")
    text = (good_repo / CASE).read_text(encoding="utf-8")
    assert text.startswith('---\nhome: 1-1-101\ncontractor: "城南家装工程队"\n')
    assert "permit:\n  applied: 2026-11-02\n  approved:\n  approved_by:\n  deposit:\n" in text
    assert "\npasses: []\n" in text and "\nevents: []\n" in text and "\nstatus: open  " in text
    assert "#   - {name: 王师傅, until: 2026-11-30}" in text
    assert "approved_by（批准人员工编号，如 zhang-wei）" in text
    assert wutong(good_repo, "validate", str(good_repo / CASE)).exit_code == 0  # applied, not yet approved: a valid case


def test_a_filled_in_case_validates_and_takes_events(good_repo):
    new_case(good_repo)
    fill(good_repo / CASE, ("  approved:\n", "  approved: 2026-11-03\n"),
         ("  approved_by:\n", "  approved_by: zhang-wei\n"), ("  deposit:\n", "  deposit: 2000\n"),
         ("passes: []", "passes:\n  - {name: 王师傅, until: 2026-12-31}"),
         ("<!-- 写装修内容", "全屋翻新，工期两个月。\n<!-- "))
    assert wutong(good_repo, "validate").exit_code == 0
    event = wutong(good_repo, "renovation", "event", "1-1-101", "inspection", "--note", "施工正常",
                   "--staff", "li-na", "--at", "2026-11-10 10:00")
    assert event.exit_code == 0, event.output
    assert "events:\n  - {at: 2026-11-10 10:00, by: li-na, type: inspection, note: 施工正常}\nstatus: open" in (
        good_repo / CASE).read_text(encoding="utf-8")
    result = wutong(good_repo, "validate")
    assert result.exit_code == 0, result.output


def test_new_renovation_never_overwrites_a_case(good_repo):
    new_case(good_repo)
    before = (good_repo / CASE).read_bytes()
    again = wutong(good_repo, "new", "renovation", "1-1-101", "--contractor", "别的队", "--applied", "2026-11-20")
    assert (again.exit_code, again.stderr) == (1, f"错误：{CASE} 已存在，未做任何改动；请直接编辑该文件\n")
    assert (good_repo / CASE).read_bytes() == before


def test_new_renovation_refuses_a_home_it_cannot_name_a_file_after(good_repo):
    for home, message in (("../x", "房号 ../x 写法不对：应为 楼栋-单元-房号，例如 3-2-501"),
                          ("9-9-101", "房号 9-9-101：9 栋 9 单元不在 records/org.yml 中")):
        result = wutong(good_repo, "new", "renovation", home, "--contractor", "城南家装工程队")
        assert (result.exit_code, result.stderr) == (1, f"错误：{message}\n")
    blank = wutong(good_repo, "new", "renovation", "1-1-101", "--contractor", " ")
    assert (blank.exit_code, blank.stderr) == (1, "错误：请用 --contractor 写明施工单位，例如 --contractor 城南家装工程队\n")
    assert not (good_repo / "records/renovations").exists()


def test_a_contractor_name_cannot_break_the_yaml(good_repo):
    result = wutong(good_repo, "new", "renovation", "1-1-101", "--contractor", 'x"\nstatus: refunded',
                    "--applied", "2026-11-02")
    assert result.exit_code == 0
    assert wutong(good_repo, "validate", str(good_repo / CASE)).exit_code == 0
    assert "\nstatus: open " in (good_repo / CASE).read_text(encoding="utf-8")
