"""Quick entries at once keep every row they report: each record is read, changed and written under its lock.

The finding: 20 `wutong desk parcel in` at once on one register all printed success and
3 rows were kept; 20 `desk key out` on a new day kept 7. Here real OS processes run at
once, and the register is read afterwards: every process that said it wrote a row has
its row, and there is no row for one that did not. A writer that cannot get the lock in
time says so, in Chinese, and writes nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest
import yaml

from conftest import FIXTURES, REPO, wutong
from wutong_docs.authoring import record_lock
from wutong_docs.authoring.record_lock import lock_path, wait_seconds

REGISTER = "records/desk/2026/11/2026-11-26.md"
NEW_DAY = "records/desk/2026/11/2026-11-30.md"
CASE = "records/renovations/3-2-501-202611.md"
HOMES = ("3-1-302", "2-1-1201", "1-2-301", "3-2-501", "1-2-902")


@pytest.fixture
def repo(good_repo, monkeypatch):
    shutil.copytree(FIXTURES / "desk_good", good_repo, dirs_exist_ok=True)
    monkeypatch.setenv("WUTONG_STAFF", "wang-fang")
    return good_repo


def start(repo, *args: str) -> subprocess.Popen:
    """`python -m wutong_docs --root REPO ARGS…` as its own process, started now and not waited for."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "WUTONG_NO_CACHE": "1", "WUTONG_STAFF": "wang-fang",
           "WUTONG_LOCK_WAIT": "60"}  # generous: the test is about rows kept, not about a slow machine
    return subprocess.Popen([sys.executable, "-m", "wutong_docs", "--root", str(repo), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def run_at_once(repo, commands: dict[str, list[str]]) -> dict[str, tuple[int, str, str]]:
    """Every command started before any is waited for: name -> (exit status, stdout, stderr)."""
    running = {name: start(repo, *args) for name, args in commands.items()}
    done = {}
    for name, proc in running.items():
        out, err = proc.communicate(timeout=120)
        done[name] = (proc.returncode, out, err)
    return done


def front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def entries(day: str) -> dict[str, list[str]]:
    """19 parcels and one key loan on `day`, each told apart by its minute."""
    commands = {f"12:{n:02d}": ["desk", "parcel", "in", HOMES[n % 3], "--carrier", "顺丰", "--at", f"{day} 12:{n:02d}"]
                + (["--staff", "li-na"] if n % 2 else []) for n in range(1, 20)}
    commands["12:30"] = ["desk", "key", "out", "1-2-301", "--to", "维修工 李师傅", "--purpose", "维修",
                         "--at", f"{day} 12:30"]
    return commands


def check_rows_kept(repo, rel: str, done: dict, parcels_before: int) -> None:
    """Exactly the rows reported written are in the register, each once, with distinct parcel numbers."""
    data = front_matter(repo / rel)
    new_parcels = {p["arrived"]: p for p in data["parcels"][parcels_before:]}
    keys = {k["out"] for k in data.get("keys") or ()}
    kept = set(new_parcels) | ({"12:30"} & keys)
    succeeded = {name for name, (status, _, _) in done.items() if status == 0}
    assert kept == succeeded
    for name, (status, out, err) in done.items():
        if status == 0:
            assert out.startswith(f"{rel}:") and f'"{name}"' in out and err == ""
        else:  # never a traceback, never a row: only the lock's message
            assert "这次没有写入" in err and "Traceback" not in err, err
    assert len(data["parcels"]) == parcels_before + len(new_parcels)  # no row twice
    ids = [p["id"] for p in data["parcels"]]
    assert len(set(ids)) == len(ids)
    assert done and all(status == 0 for status, _, _ in done.values()), done  # 60 s is plenty: all got in


def test_twenty_entries_at_once_on_an_existing_register_keep_every_row(repo):
    before = front_matter(repo / REGISTER)
    done = run_at_once(repo, entries("2026-11-26"))
    check_rows_kept(repo, REGISTER, done, len(before["parcels"]))
    after = front_matter(repo / REGISTER)
    assert after["keys"][: len(before["keys"])] == before["keys"]  # the rows that were there are still there
    assert after["staff"] == ["wang-fang", "li-na"]
    assert wutong(repo, "validate").exit_code == 0


def test_twenty_entries_at_once_on_a_new_day_make_one_register_with_every_row(repo):
    assert not (repo / NEW_DAY).exists()
    done = run_at_once(repo, entries("2026-11-30"))
    check_rows_kept(repo, NEW_DAY, done, 0)
    assert sorted(p["id"] for p in front_matter(repo / NEW_DAY)["parcels"]) == [
        f"P-20261130-{n:02d}" for n in range(1, 20)]
    assert wutong(repo, "validate").exit_code == 0


def test_renovation_events_at_once_are_all_kept(repo):
    done = run_at_once(repo, {f"{n}": ["renovation", "event", "3-2-501", "inspection", "--note", f"第{n}次巡查",
                                       "--staff", "li-na", "--at", "2026-11-28 10:00"] for n in range(1, 7)})
    assert all(status == 0 for status, _, _ in done.values()), done
    notes = [e.get("note") for e in front_matter(repo / CASE)["events"]]
    assert sorted(n for n in notes if n and n.startswith("第")) == [f"第{n}次巡查" for n in range(1, 7)]


BUSY = ("错误：{rel} 正在被另一条命令写入，等了 0.3 秒仍没有轮到，这次没有写入："
        "请稍等片刻，再运行一次同样的命令\n")


@pytest.mark.parametrize("rel, args", [
    (REGISTER, ["desk", "parcel", "in", "3-1-302", "--carrier", "顺丰", "--at", "2026-11-26 12:00"]),
    (REGISTER, ["desk", "key", "out", "1-2-301", "--to", "业主", "--purpose", "开门", "--at", "2026-11-26 12:00"]),
    (REGISTER, ["desk", "parcel", "notified", "P-20261126-02", "--at", "2026-11-26 12:00"]),
    (NEW_DAY, ["desk", "card", "apply", "1-2-301", "--kind", "key_fob", "--at", "2026-11-30 12:00"]),
    (CASE, ["renovation", "event", "3-2-501", "inspection", "--staff", "li-na", "--at", "2026-11-28 10:00"]),
    (NEW_DAY, ["new", "desk", "--staff", "wang-fang", "--date", "2026-11-30"]),
], ids=["parcel-in", "key-out", "parcel-notified", "card-on-a-new-day", "renovation-event", "new-desk"])
def test_a_writer_that_cannot_get_the_lock_gives_up_says_so_and_writes_nothing(repo, monkeypatch, rel, args):
    monkeypatch.setenv("WUTONG_LOCK_WAIT", "0.3")
    assert wutong(repo, "desk", "parcel", "in", "3-1-302", "--carrier", "中通", "--at", "2026-11-26 11:00").exit_code == 0
    before = {p: p.read_bytes() for p in (repo / "records").rglob("*") if p.is_file()}
    with record_lock.record_lock(repo, rel, wait=0):  # another command, busy with the same file
        began = time.monotonic()
        result = wutong(repo, *args)
        waited = time.monotonic() - began
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", BUSY.format(rel=rel))
    assert waited >= 0.3
    assert {p: p.read_bytes() for p in (repo / "records").rglob("*") if p.is_file()} == before
    assert wutong(repo, *args).exit_code == 0  # the lock let go: the same command again goes through


def test_the_wait_is_ten_seconds_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv("WUTONG_LOCK_WAIT", raising=False)
    assert wait_seconds() == 10
    for given, wait in (("2.5", 2.5), ("0", 0), ("abc", 10), ("-1", 10), ("", 10)):
        monkeypatch.setenv("WUTONG_LOCK_WAIT", given)
        assert wait_seconds() == wait


def test_locks_are_no_litter_for_validate_or_git(repo):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@x"}

    def git(*args):
        return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "start")
    assert wutong(repo, "desk", "parcel", "in", "3-1-302", "--carrier", "顺丰", "--at", "2026-11-26 12:00").exit_code == 0
    assert wutong(repo, "desk", "parcel", "in", "3-1-302", "--carrier", "顺丰", "--at", "2026-11-30 12:00").exit_code == 0
    assert lock_path(repo, REGISTER).is_file()  # left in place on purpose (record_lock.py says why)
    assert lock_path(repo, REGISTER) == repo / ".wutong-cache/locks/records/desk/2026/11/2026-11-26.md.lock"
    assert git("status", "--porcelain", "--untracked-files=all").splitlines() == [
        f" M {REGISTER}", f"?? {NEW_DAY}"]
    result = wutong(repo, "validate")
    assert (result.exit_code, result.output) == (0, "已校验 9 个文件：0 个错误，0 个警告\n")


def test_a_lock_that_cannot_be_made_is_one_line_and_nothing_is_written(repo):
    (repo / ".wutong-cache").write_text("not a folder", encoding="utf-8")
    before = (repo / REGISTER).read_bytes()
    result = wutong(repo, "desk", "parcel", "in", "3-1-302", "--carrier", "顺丰", "--at", "2026-11-26 12:00")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("错误：为 records/desk/2026/11/2026-11-26.md 加锁失败：路径中有一段不是文件夹"
                             "（.wutong-cache/locks/records/desk/2026/11），请检查这个路径；这次没有写入\n")
    assert (repo / REGISTER).read_bytes() == before


@pytest.mark.parametrize("rel", [REGISTER, NEW_DAY], ids=["changed", "created"])
def test_a_file_changed_by_another_program_meanwhile_is_not_overwritten(repo, monkeypatch, rel):
    """An editor does not take the lock: its save between our reading and our writing is kept, our entry refused."""
    from wutong_docs.validate import pipeline as validate

    real = validate.validate_text
    theirs = (repo / REGISTER).read_text(encoding="utf-8").replace("钥匙柜已清点", "钥匙柜已清点（编辑器改的）")

    def editor_saves_meanwhile(root, path, text):
        (repo / rel).write_text(theirs, encoding="utf-8")
        return real(root, path, text)

    monkeypatch.setattr(validate, "validate_text", editor_saves_meanwhile)
    day = rel[-13:-3]
    result = wutong(repo, "desk", "parcel", "in", "3-1-302", "--carrier", "顺丰", "--at", f"{day} 12:00")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"错误：未登记：{rel} 刚刚被别的程序改动过（例如编辑器保存了它），"
                             "这次没有写入：请再运行一次同样的命令\n")
    assert (repo / rel).read_text(encoding="utf-8") == theirs


@pytest.mark.parametrize("command", [["desk", "key", "back", "1-2-301"], ["desk", "parcel", "picked", "P-20261126-02"]],
                         ids=["key-back", "parcel-picked"])
def test_one_row_completed_by_four_at_once_is_completed_once(repo, command):
    assert wutong(repo, "desk", "key", "out", "1-2-301", "--to", "业主", "--purpose", "开门",
                  "--at", "2026-11-26 11:00").exit_code == 0
    assert wutong(repo, "desk", "parcel", "in", "3-1-302", "--carrier", "中通", "--at", "2026-11-26 11:00").exit_code == 0
    done = run_at_once(repo, {f"13:0{n}": [*command, "--at", f"2026-11-26 13:0{n}"] for n in range(4)})
    won = [name for name, (status, _, _) in done.items() if status == 0]
    assert len(won) == 1, done
    lost = {err for status, _, err in done.values() if status}
    assert lost <= {"错误：1-2-301 的钥匙没有借出未还的记录，无法登记归还：请核对房号（借出时用 wutong desk key out 1-2-301 登记）\n",
                    f"错误：包裹 P-20261126-02 已于 {won[0]} 登记领取，不能重复登记\n"}, lost
    data = front_matter(repo / REGISTER)
    rows = [*data["keys"], *data["parcels"]]
    assert [r.get("back") or r.get("picked") for r in rows if "13:0" in str(r.get("back") or r.get("picked"))] == won


def test_one_key_lent_by_four_at_once_is_lent_once(repo):
    done = run_at_once(repo, {f"13:0{n}": ["desk", "key", "out", "1-2-301", "--to", f"工人{n}", "--purpose", "维修",
                                           "--at", f"2026-11-26 13:0{n}"] for n in range(4)})
    won = [name for name, (status, _, _) in done.items() if status == 0]
    assert len(won) == 1, done
    loans = [k for k in front_matter(repo / REGISTER)["keys"] if k["home"] == "1-2-301"]
    assert [(k["out"], k.get("back")) for k in loans] == [(won[0], None)]
    for status, _, err in done.values():
        assert status == 0 or err == (f"错误：1-2-301 的钥匙已于 11-26 {won[0]} 借给 {loans[0]['to']}，尚未归还："
                                      "先登记归还（wutong desk key back 1-2-301），再登记借出\n")
