"""Quick entry on a register it cannot read says what `wutong validate` says of it, never a traceback.

The finding: `a: ` followed by 5,000 `[` made `wutong desk parcel in` print a 2,992-line
RecursionError traceback, while `wutong validate` reported the file cleanly (WT012); and a
refused entry pointed at a line of a file it had never written. Each case here feeds the
file, runs the entry, and compares with what validate prints for the same file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, REPO, wutong
from ruamel.yaml.error import YAMLError

from wutong_docs.authoring import record_edit

REGISTER = "records/desk/2026/11/2026-11-26.md"
ENTRY = ("desk", "parcel", "in", "3-1-302", "--carrier", "顺丰", "--at", "2026-11-26 12:00")
REFUSED = f"错误：未登记：{REGISTER} 有错误（见上），这次没有写入；请先按提示改正，再运行一次同样的命令\n"


@pytest.fixture
def repo(good_repo, monkeypatch):
    shutil.copytree(FIXTURES / "desk_good", good_repo, dirs_exist_ok=True)
    monkeypatch.setenv("WUTONG_STAFF", "wang-fang")
    return good_repo


def spoil(repo, old: str, new: str) -> bytes:
    """The register with `old` replaced by `new`: its bytes, to compare with after the entry."""
    path = repo / REGISTER
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path.read_bytes()


def validate_says(repo) -> str:
    """The problem lines `wutong validate` prints for the register (its summary line left out)."""
    result = wutong(repo, "validate", str(repo / REGISTER))
    assert result.exit_code == 1
    return "".join(line + "\n" for line in result.stdout.splitlines() if line.startswith(f"{REGISTER}:"))


NESTED = "a: " + "[" * 5000 + "\npasses:"
HOSTILE = {
    "nested 5000 deep": ("passes:", NESTED, "WT012"),
    "YAML syntax": ("passes:", "oops: @here\npasses:", "WT003"),
    "YAML mistake of a Chinese keyboard": ("passes:", "oops: [unclosed\npasses:", "WT024"),
    "duplicate key (ruamel refuses it)": ("passes:", "date: 2026-11-26\npasses:", "WT004"),
}


@pytest.mark.parametrize("old, new, code", HOSTILE.values(), ids=HOSTILE.keys())
def test_an_entry_on_a_register_validate_refuses_prints_validates_problems(repo, old, new, code):
    before = spoil(repo, old, new)
    expected = validate_says(repo)
    assert f" error {code} " in expected
    result = wutong(repo, *ENTRY)
    assert (result.exit_code, result.stdout, result.stderr) == (1, expected, REFUSED)
    assert (repo / REGISTER).read_bytes() == before


def test_the_finding_as_a_real_process_one_line_no_traceback(repo):
    before = spoil(repo, "passes:", NESTED)
    env = {**os.environ, "PYTHONPATH": str(REPO), "WUTONG_NO_CACHE": "1"}
    done = subprocess.run([sys.executable, "-m", "wutong_docs", "--root", str(repo), *ENTRY], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (1, validate_says(repo), REFUSED)
    assert (repo / REGISTER).read_bytes() == before


def test_a_register_the_search_cannot_read_stops_it_with_its_problems(repo):
    """`parcel picked` looks through every register: one it cannot read is named, with validate's words."""
    before = spoil(repo, "passes:", NESTED)
    result = wutong(repo, "desk", "parcel", "picked", "P-20261128-01", "--at", "2026-11-28 12:00")
    assert (result.exit_code, result.stdout, result.stderr) == (1, validate_says(repo), REFUSED)
    assert (repo / REGISTER).read_bytes() == before


@pytest.mark.parametrize("error", [RecursionError, MemoryError])
def test_ruamel_failing_where_validate_finds_a_problem_gives_validates_problem(repo, monkeypatch, error):
    before = spoil(repo, "passes:", "date: 2026-11-26\npasses:")
    expected = validate_says(repo)
    _ruamel_fails(monkeypatch, error)
    result = wutong(repo, *ENTRY)
    assert (result.exit_code, result.stdout, result.stderr) == (1, expected, REFUSED)
    assert (repo / REGISTER).read_bytes() == before


@pytest.mark.parametrize("error, why", [(RecursionError, "嵌套太深"), (MemoryError, "内存不够"),
                                        (YAMLError, "YAML 写法无法按原样改写")])
def test_ruamel_failing_on_a_register_validate_accepts_is_one_chinese_line(repo, monkeypatch, error, why):
    before = (repo / REGISTER).read_bytes()
    _ruamel_fails(monkeypatch, error)
    result = wutong(repo, *ENTRY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"错误：未登记：{REGISTER} 的头信息无法按原样改写（{why}），这次没有写入："
                             f"请运行 wutong validate {REGISTER} 检查，或用编辑器直接在文件中登记\n")
    assert (repo / REGISTER).read_bytes() == before


def _ruamel_fails(monkeypatch, error: type[BaseException]) -> None:
    """The round-trip reader raising `error` (a MemoryError cannot be had honestly in a test)."""
    real = record_edit.round_trip

    def failing():
        y = real()
        y.load = lambda *_: (_ for _ in ()).throw(error())
        return y

    monkeypatch.setattr(record_edit, "round_trip", failing)


# --- a refused entry points only at lines that are on disk ------------------------------------------
def test_a_problem_below_the_new_row_is_named_at_its_line_on_disk(repo):
    before = spoil(repo, "home: 1-2-902", "home: 9-9-901")  # the pass row, below where a key row goes
    expected = validate_says(repo)
    assert expected == f"{REGISTER}:11: error WT111 9 栋 9 单元不在 records/org.yml 中\n"
    result = wutong(repo, "desk", "key", "out", "3-1-302", "--to", "业主", "--purpose", "开门", "--at", "2026-11-26 12:00")
    assert (result.exit_code, result.stdout) == (1, expected)  # the key row would have pushed it to line 12
    assert result.stderr == f"错误：未登记：这样写 {REGISTER} 会有错误（见上），文件未改动\n"
    assert "9-9-901" in (repo / REGISTER).read_text(encoding="utf-8").splitlines()[10]
    assert (repo / REGISTER).read_bytes() == before


def test_a_bad_new_row_is_said_and_a_bad_old_row_is_pointed_at(repo):
    before = spoil(repo, "home: 1-2-902", "home: 9-9-901")
    result = wutong(repo, "desk", "key", "out", "8-8-801", "--to", "业主", "--purpose", "开门", "--at", "2026-11-26 12:00")
    assert (result.exit_code, result.stdout) == (1, f"{REGISTER}:11: error WT111 9 栋 9 单元不在 records/org.yml 中\n")
    assert result.stderr == (f"错误：未登记：{REGISTER} 中要写入的这一行有错误：WT111 8 栋 8 单元不在 records/org.yml 中；"
                             "文件另有错误（见上），文件未改动\n")
    assert (repo / REGISTER).read_bytes() == before


def test_a_row_completed_in_place_is_named_at_its_own_line_on_disk(repo):
    before = spoil(repo, 'home: 3-1-302, carrier: 顺丰, arrived: "10:05", notified: "10:20", picked: "2026-11-27 18:30", ',
                   'home: 9-9-901, carrier: 顺丰, arrived: "10:05", ')
    result = wutong(repo, "desk", "parcel", "notified", "P-20261126-01", "--at", "2026-11-26 10:30")
    assert (result.exit_code, result.stdout) == (1, f"{REGISTER}:7: error WT111 9 栋 9 单元不在 records/org.yml 中\n")
    assert result.stderr == f"错误：未登记：这样写 {REGISTER} 会有错误（见上），文件未改动\n"
    assert "P-20261126-01" in (repo / REGISTER).read_text(encoding="utf-8").splitlines()[6]
    assert (repo / REGISTER).read_bytes() == before
