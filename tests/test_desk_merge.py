"""Two clones that write the same day's register merge without a conflict (.gitattributes: merge=union).

Real git, two real clones of one repository: rows appended on both sides are
both kept; one row completed differently on both sides is kept twice, and
validation reports it (WT905) so that a person decides which is right.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import FIXTURES, REPO, wutong

REGISTER = "records/desk/2026/11/2026-11-26.md"


def git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def clones(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    origin = tmp_path / "origin"
    shutil.copytree(FIXTURES / "good", origin)
    shutil.copytree(FIXTURES / "desk_good", origin, dirs_exist_ok=True)
    shutil.copyfile(REPO / ".gitattributes", origin / ".gitattributes")
    monkeypatch.setenv("WUTONG_STAFF", "wang-fang")
    for var, value in (("GIT_AUTHOR_NAME", "t"), ("GIT_AUTHOR_EMAIL", "t@x"), ("GIT_COMMITTER_NAME", "t"),
                       ("GIT_COMMITTER_EMAIL", "t@x")):
        monkeypatch.setenv(var, value)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "start")
    a, b = tmp_path / "a", tmp_path / "b"
    git(tmp_path, "clone", "-q", str(origin), str(a))
    git(tmp_path, "clone", "-q", str(origin), str(b))
    return origin, a, b


def entry(clone, *args):
    result = wutong(clone, *args)
    assert result.exit_code == 0, result.output
    git(clone, "commit", "-qam", " ".join(args))


def merge(a, b) -> None:
    """b pulls a's commit: a real three-way merge of the same file."""
    git(b, "pull", "-q", "--no-rebase", str(a), "main")


def test_rows_appended_on_two_clones_are_both_kept(clones):
    _, a, b = clones
    entry(a, "desk", "parcel", "in", "3-1-302", "--carrier", "中通", "--at", "2026-11-26 12:00")
    entry(b, "desk", "key", "out", "2-1-1201", "--to", "业主", "--purpose", "开门", "--at", "2026-11-26 12:05")
    entry(b, "desk", "card", "apply", "1-2-301", "--kind", "key_fob", "--fee", "30", "--at", "2026-11-26 12:10")
    merge(a, b)
    text = (b / REGISTER).read_text(encoding="utf-8")
    assert 'carrier: 中通, arrived: "12:00"' in text
    assert 'home: 2-1-1201, to: 业主, purpose: 开门, out: "12:05"' in text
    assert 'kind: key_fob, home: 1-2-301' in text
    assert "<<<<<<<" not in text
    result = wutong(b, "validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_a_row_completed_on_both_clones_is_reported_after_the_merge(clones):
    _, a, b = clones
    entry(a, "desk", "parcel", "in", "3-1-302", "--carrier", "中通", "--at", "2026-11-26 12:00")
    merge(a, b)  # both clones have the open row
    entry(a, "desk", "parcel", "picked", "P-20261126-02", "--at", "2026-11-26 18:30")
    entry(b, "desk", "parcel", "picked", "P-20261126-02", "--at", "2026-11-26 18:40")
    merge(a, b)
    result = wutong(b, "validate")
    assert result.stdout == (
        "records/desk/2026/11/2026-11-26.md:9: error WT905 包裹代收的这一行与第 8 行是同一笔（id: P-20261126-02），"
        "多半是两台电脑各自补记后合并所致：核对后保留正确的一行，删去另一行\n")
    assert result.exit_code == 1
