"""`records/org.yml` read on its own: the values every reference is checked against, and its exact problems.

Every error code of org.yml also has its bad-file fixture (test_error_codes.py);
these tests check what that cannot: the values a valid file gives (households
per unit, the staff of a role), and that one pass reports every mistake of a
file at its own line while keeping what is still usable.
"""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE
from wutong_docs.reference.org import load_org
from wutong_docs.core.problems import sort_key

ORG = "records/org.yml"


def read(tmp_path: Path, text: str):
    """load_org over a repository whose records/org.yml is `text`: (org, problems as text lines, sorted)."""
    (tmp_path / "records").mkdir(exist_ok=True)
    (tmp_path / ORG).write_text(text, encoding="utf-8")
    org, found = load_org(tmp_path)
    return org, [p.as_text() for p in sorted(found, key=sort_key)]


def test_the_sample_org_gives_staff_roles_areas_and_households():
    org, found = load_org(SAMPLE)
    assert found == []
    li_na = org.staff["li-na"]
    assert (li_na.name, li_na.role, li_na.area, li_na.line) == ("李娜", "area_manager", "A", 7)
    assert [s.id for s in org.by_role("front_desk")] == ["wang-fang", "zhou-xue", "xu-ting"]
    assert org.departments["developer"].name == "开发商工程部"
    assert org.areas["C"].buildings == ("9", "10", "11", "12")
    # `homes: 36` is every unit's count; `homes: {"1": 22, …}` gives each unit its own
    assert [org.homes_of("9", u) for u in ("1", "2", "3")] == [36, 36, 36]
    assert [org.homes_of("7", u) for u in ("1", "2", "3")] == [22, 22, 11]
    # the estate's households: the denominator of the collection notice's 全小区 rate
    assert sum(org.homes_of(b.id, u) for b in org.buildings.values() for u in b.units) == 1301


def test_units_are_looked_up_by_building_and_unit(tmp_path):
    org, found = read(tmp_path, 'staff: []\ndepartments: []\nareas: []\nbuildings:\n'
                                '  - {id: "1", units: ["1", "2"], homes: {"1": 22}}\n  - {id: "3", units: ["1"]}\n')
    assert found == []
    assert org.has_unit("1", "2") and not org.has_unit("1", "3") and not org.has_unit("2", "1")
    assert (org.homes_of("1", "1"), org.homes_of("1", "2"), org.homes_of("3", "1"), org.homes_of("4", "1")) == (
        22, None, None, None)   # not said, or no such building: no rate can be computed


def test_a_missing_org_is_one_error_that_says_what_to_create(tmp_path):
    org, found = load_org(tmp_path)
    assert org is None
    assert [p.as_text() for p in found] == [
        f"{ORG}:1: error WT205 找不到 records/org.yml：请先建立员工、部门、片区和楼栋的基础资料"]


def test_every_mistake_of_the_file_is_reported_at_its_line_in_one_pass(tmp_path):
    org, found = read(tmp_path, """\
staff:
  - {id: zhang-wei, name: 张伟, role: supervisor}
  - {id: Zhao_Lei, name: 赵磊, role: front_desk}
  - {id: li-na, name: 李娜, role: area_manager}
  - {id: chen-jie, name: 陈杰, role: area_manager, area: B}
  - {id: wang-fang, role: frontdesk}
  - {id: zhang-wei, name: 张伟二, role: front_desk}
departments:
  - {id: engineering, name: 工程部}
  - {id: engineering, name: 工程二部}
areas:
  - id: A
    name: A区
    buildings: ["1", "9"]
buildings:
  - {id: "1", units: ["1", "2"], homes: {"1": 22, "3": 20}}
  - {id: "2", units: ["1"], homes: 0}
  - {id: "3-1", units: ["1"]}
""")
    assert found == [
        f"{ORG}:3: error WT202 staff 的 id Zhao_Lei 写法不对：用小写英文字母、数字和连字符，例如 zhao-lei",
        f"{ORG}:4: error WT203 片区管理员 li-na 的负责片区没有写（area）",
        f"{ORG}:5: error WT203 片区管理员 chen-jie 的片区 B 不在 areas 中",
        f"{ORG}:6: error WT101 缺少必填字段 name",
        f"{ORG}:6: error WT108 role: frontdesk 不是允许的取值（是不是 front_desk？）；"
        "可选：supervisor（主管）、area_manager（片区管理员）、front_desk（服务中心前台）",
        f"{ORG}:7: error WT201 staff 的 id zhang-wei 重复（第一次在第 2 行）",
        f"{ORG}:10: error WT201 departments 的 id engineering 重复（第一次在第 9 行）",
        f"{ORG}:14: error WT204 片区 A 的楼栋 9 不在 buildings 中",
        f"{ORG}:16: error WT111 楼栋 1 的 homes 写了单元 3，但 units 中没有这个单元",
        f"{ORG}:17: error WT103 homes: 户数应是正整数，例如 homes: 22，而不是 0",
        f"{ORG}:18: error WT202 buildings 的 id 3-1 写法不对：只用数字或英文字母，例如 12",
    ]
    # what is still usable is kept, so one mistake does not turn every record that names it into errors:
    # the first of two ids wins, a person without a name is known by the id, a misspelt id still resolves
    assert (org.staff["zhang-wei"].name, org.staff["zhang-wei"].role) == ("张伟", "supervisor")
    assert org.staff["wang-fang"].name == "wang-fang" and "Zhao_Lei" in org.staff
    assert org.departments["engineering"].name == "工程部"
    assert org.buildings["1"].homes == {"1": 22} and org.homes_of("2", "1") is None


def test_a_misspelt_section_is_named_with_a_suggestion(tmp_path):
    org, found = read(tmp_path, "staf:\n  - {id: li-na, name: 李娜, role: front_desk}\n"
                                "departments: []\nareas: []\nbuildings: []\n")
    assert found == [
        f"{ORG}:1: error WT114 字段 staf 拼错了，应为 staff：请改成 staff（写错的字段不会被读取，它的内容会丢失）",
    ]
    assert org.staff == {}


def test_an_org_that_is_not_a_mapping_gives_no_org(tmp_path):
    org, found = read(tmp_path, "- 张伟\n- 李娜\n")
    assert org is None
    assert found == [f"{ORG}:1: error WT005 org.yml应写成“字段: 值”的形式，而不是 列表"]


def test_the_estate_names_the_service_centre_and_without_it_no_estate_is_named(tmp_path):
    assert load_org(SAMPLE)[0].service_centre == "梧桐墅物业服务中心"
    org, found = read(tmp_path, "staff: []\ndepartments: []\nareas: []\nbuildings: []\n")
    assert found == [] and org.estate is None and org.service_centre == "物业服务中心"
    org, found = read(tmp_path, "estate: 银杏苑\nstaff: []\ndepartments: []\nareas: []\nbuildings: []\n")
    assert found == [] and org.service_centre == "银杏苑物业服务中心"


def test_an_estate_that_is_not_text_is_refused_at_its_line(tmp_path):
    org, found = read(tmp_path, "staff: []\ndepartments: []\nareas: []\nbuildings: []\nestate: [梧桐墅]\n")
    assert [line.split(" ")[:3] for line in found] == [[f"{ORG}:5:", "error", "WT103"]]
