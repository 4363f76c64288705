"""`wutong serve` reads again only the records that changed, and validates exactly as a fresh read does."""

from __future__ import annotations

import os

from wutong_docs.validate.records_in_memory import Reread
from wutong_docs.validate.pipeline import validate

def same(a, b) -> None:
    assert a.records == b.records
    assert a.problems == b.problems


def test_only_changed_files_are_read_again_and_cross_file_checks_still_run(good_repo):
    reuse = Reread()
    same(validate(good_repo, reuse=reuse), validate(good_repo))
    files = reuse.read
    assert files >= 3
    reuse.read = 0
    same(validate(good_repo, reuse=reuse), validate(good_repo))
    assert reuse.read == 0
    # a log citing a slip that does not exist: a cross-file problem, found although only this file is read again
    log = sorted((good_repo / "records/logs").rglob("*.md"))[0]
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace("---\n", "---\nslips: [S-20260101-li-na-09]\n", 1), encoding="utf-8")
    again = validate(good_repo, reuse=reuse)
    assert reuse.read == 1
    same(again, validate(good_repo))
    assert any(p.path == log.relative_to(good_repo).as_posix() for p in again.problems)


def test_a_deleted_file_is_forgotten(good_repo):
    reuse = Reread()
    validate(good_repo, reuse=reuse)
    log = sorted((good_repo / "records/logs").rglob("*.md"))[0]
    rel = log.relative_to(good_repo).as_posix()
    os.unlink(log)
    same(validate(good_repo, reuse=reuse), validate(good_repo))
    assert rel not in reuse._seen
