"""Every validation code, fed its bad file: the exact `path:line: …` output and the exit status.

Each folder tests/fixtures/bad/<CODE>/ holds files laid over a copy of the valid
repository tests/fixtures/good (and `delete.txt` naming files to remove), and
`expected.txt`, the exact output of `wutong validate`.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, copy_fixture, wutong
from wutong_docs.problems import CODES

BAD = FIXTURES / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def overlay(code: str, tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    case = BAD / code
    for item in case.rglob("*"):
        rel = item.relative_to(case)
        if item.is_file() and rel.parts[0] == "records":
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item, root / rel)
    if (case / "delete.txt").exists():
        for rel in (case / "delete.txt").read_text().split():
            (root / rel).unlink()
    return root


def test_every_code_has_a_bad_fixture():
    assert CASES == sorted(CODES)


@pytest.mark.parametrize("code", CASES)
def test_bad_file_is_reported_exactly(code, tmp_path):
    root = overlay(code, tmp_path)
    result = wutong(root, "validate")
    expected = (BAD / code / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert f": {CODES[code].severity} {code} " in result.stdout
    assert result.exit_code == (1 if ": error " in expected else 0)
