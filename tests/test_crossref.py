"""Cross-record checks on their own: references against org.yml and the slips, and duplicate slip ids."""

from __future__ import annotations

from dataclasses import replace

from conftest import copy_fixture
from wutong_docs.validate.crossref import check_duplicate_slips, check_references, slip_ids_on_disk
from wutong_docs.validate.loader import load_file
from wutong_docs.reference.org import load_org
from wutong_docs.records.common import Ref
from wutong_docs.records.notice import Notice

SLIP = "records/slips/2026/11/S-20261126-wang-fang-01.md"
LOG = "records/logs/2026/11/2026-11-26-li-na.md"


def _repo(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    org, problems = load_org(root)
    assert problems == []
    return root, org


def test_the_good_fixture_resolves(tmp_path):
    root, org = _repo(tmp_path)
    records = [load_file(root, rel)[0] for rel in (SLIP, LOG)]
    assert check_references(records, org, slip_ids_on_disk(root)) == []


def test_slip_ids_on_disk_are_the_file_names(tmp_path):
    root, _ = _repo(tmp_path)
    assert slip_ids_on_disk(root) == {"S-20261126-wang-fang-01"}
    assert slip_ids_on_disk(tmp_path / "nowhere") == set()


class _Refs:
    """A record that refers to exactly the given things."""

    def __init__(self, *refs):
        self.refs = refs
        self.source = type("S", (), {"path": "records/x.md"})()

    def references(self):
        return iter(self.refs)


def test_each_kind_of_reference_that_does_not_resolve(tmp_path):
    _, org = _repo(tmp_path)
    record = _Refs(Ref("staff", "li-nn", 3), Ref("department", "cleaning", 4), Ref("unit", "3-9-501", 5),
                   Ref("unit", "3/2", 6), Ref("building", "9", 7), Ref("slip", "S-20261126-x-01", 8))
    found = check_references([record], org, set())
    assert [(p.line, p.code) for p in found] == [
        (3, "WT109"), (4, "WT110"), (5, "WT111"), (6, "WT111"), (7, "WT111"), (8, "WT112")]
    assert found[0].message == "员工 li-nn 不在 records/org.yml 中（是不是 li-na？）"
    assert found[2].message == "3 栋 9 单元不在 records/org.yml 中"
    assert found[4].message == "9 栋不在 records/org.yml 中"


def test_a_notice_refers_to_its_buildings_and_boards():
    notice = Notice("general", "t", None, None, ("all", "3", "3-2"), "s", None, None, "", "x", None,
                    {("units", 0): 5, ("units", 1): 6, ("units", 2): 7})
    assert list(notice.references()) == [Ref("building", "3", 6), Ref("unit", "3-2", 7)]


def test_a_slip_id_minted_twice_is_reported_on_both(tmp_path):
    root, _ = _repo(tmp_path)
    slip = load_file(root, SLIP)[0]
    twin = replace(slip, source=replace(slip.source, path="records/slips/2026/12/S-20261126-wang-fang-01.md"))
    found = check_duplicate_slips([slip, twin])
    assert [(p.path, p.code) for p in found] == [(SLIP, "WT408"), (twin.source.path, "WT408")]
    assert f"另见 {twin.source.path}" in found[0].message
    assert check_duplicate_slips([slip]) == []
