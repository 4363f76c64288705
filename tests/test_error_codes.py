"""Every validation code, fed its bad file: the exact `path:line: …` output and the exit status.

Each folder tests/fixtures/bad/<CODE>/ holds files laid over a copy of the valid
repository tests/fixtures/good (and `delete.txt` naming files to remove), and
`expected.txt`, the exact output of `wutong validate`. What git cannot hold is
described instead: `mkfifo.txt` names named pipes to make, `grow.txt` files to
pad to a size ("path bytes"), and `unreadable.txt` files that opening must fail
on with PermissionError (the tests run as root, for whom chmod changes nothing,
so opening them is made to fail instead). Symlinks in a fixture are copied as symlinks.
"""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import FIXTURES, copy_fixture, wutong
from wutong_docs.core.problems import CODES

BAD = FIXTURES / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def overlay(code: str, tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    case = BAD / code
    for item in case.rglob("*"):
        rel = item.relative_to(case)
        if (item.is_file() or item.is_symlink()) and rel.parts[0] == "records":
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item, root / rel, follow_symlinks=False)
    if (case / "delete.txt").exists():
        for rel in (case / "delete.txt").read_text().split():
            (root / rel).unlink()
    for rel in listed(case, "mkfifo.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / rel)
    for line in listed(case, "grow.txt", lines=True):
        rel, size = line.split()
        with open(root / rel, "a", encoding="ascii") as f:
            f.write("x" * (int(size) - (root / rel).stat().st_size))
    return root


def listed(case, name: str, lines: bool = False) -> list[str]:
    path = case / name
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    return text.splitlines() if lines else text.split()


def refuse_to_open(monkeypatch, root, rels: list[str]) -> None:
    """Opening these files fails with PermissionError, as for a user without read permission."""
    denied = {os.path.normpath(root / rel) for rel in rels}
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        if os.path.normpath(path) in denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


def test_every_code_has_a_bad_fixture():
    assert CASES == sorted(CODES)


@pytest.mark.parametrize("code", CASES)
def test_bad_file_is_reported_exactly(code, tmp_path, monkeypatch):
    root = overlay(code, tmp_path)
    refuse_to_open(monkeypatch, root, listed(BAD / code, "unreadable.txt"))
    result = wutong(root, "validate")
    expected = (BAD / code / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert f": {CODES[code].severity} {code} " in result.stdout
    assert result.exit_code == (1 if ": error " in expected else 0)
