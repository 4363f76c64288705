"""The loader on its own: which files are read, which kind each is, and what a misplaced or broken one says."""

from __future__ import annotations

import os

from conftest import copy_fixture
from wutong_docs.validate.loader import discover, load_file, load_records
from wutong_docs.records import LOG, SLIP, kind_of, kind_of_record
from wutong_docs.records.log import DailyLog

LOG_PATH = "records/logs/2026/11/2026-11-26-li-na.md"


def test_discover_lists_files_sorted_skipping_hidden_ones(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    (root / "records/logs/.draft.md").write_text("x", encoding="utf-8")
    (root / "records/.git-stuff").mkdir()
    (root / "records/.git-stuff/a.md").write_text("x", encoding="utf-8")
    found = discover(root)
    assert found == sorted(found)
    assert LOG_PATH in found and "records/org.yml" in found
    assert not any("/." in rel for rel in found)


def test_discover_lists_a_linked_folder_without_entering_it(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/x.md").write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "outside", root / "records/logs/linked")
    found = discover(root)
    assert "records/logs/linked" in found and "records/logs/linked/x.md" not in found


def test_a_record_is_read_as_its_kind(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    record, problems = load_file(root, LOG_PATH)
    assert problems == [] and isinstance(record, DailyLog)
    assert kind_of(LOG_PATH) is LOG and kind_of_record(record) is LOG
    assert record.source.path == LOG_PATH and record.staff == "li-na"


def test_reference_files_are_left_to_their_own_loaders(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    assert load_file(root, "records/org.yml") == (None, [])


def test_a_file_in_no_kinds_place_names_every_kind_with_an_example(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    (root / "records/misc").mkdir()
    (root / "records/misc/note.md").write_text("---\na: 1\n---\n", encoding="utf-8")
    record, problems = load_file(root, "records/misc/note.md")
    assert record is None and [p.code for p in problems] == ["WT006"]
    assert SLIP.example in problems[0].message and LOG.label in problems[0].message


def test_load_records_keeps_going_after_a_broken_file(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    broken = "records/logs/2026/11/2026-11-27-li-na.md"
    (root / broken).write_text("no front matter\n", encoding="utf-8")
    records, problems = load_records(root, [broken, LOG_PATH])
    assert [r.source.path for r in records] == [LOG_PATH]
    assert [(p.path, p.code) for p in problems] == [(broken, "WT002")]
