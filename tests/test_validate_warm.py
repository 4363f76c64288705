"""The warm validation's short cuts (issue 14: warm <= 15 % of cold) give exactly what the long way gives.

- a file that looks as it did (size, mtime, ctime, inode: Git's index) is neither read nor hashed,
  and every way of changing it that leaves some of those as they were is still caught: its size and
  mtime put back (`touch -r`: the ctime), replaced by a rename (the inode), changed twice within one
  tick of a coarse clock (racily clean: hashed again);
- `loader.scan` lists what `discover` always listed, and says which entries are regular files;
- `files.read_plain` reads a regular file whole and refuses everything else (the long way then says why);
- the cross-reference check, fed the packs' summaries of what their records cite, finds the same
  problems as without them, also for a record taken unchanged from the cache whose target is gone;
- `wutong` leaves quickly (`cli.main`, `os._exit`) with the same output and exit status.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from conftest import REPO, copy_fixture
from wutong_docs.validate import loader, record_cache, cache as validate_cache
from wutong_docs.cli.main import cli
from wutong_docs.read import files
from wutong_docs.read.limits import MAX_FILE_BYTES
from wutong_docs.read.files import read_bytes, read_plain

LOG = "records/logs/2026/11/2026-11-26-li-na.md"
SLIP = "records/slips/2026/11/S-20261126-wang-fang-01.md"


@pytest.fixture(autouse=True)
def cache_on(monkeypatch):
    """The cache as a user has it: on (the rest of the suite switches it off in conftest.py)."""
    monkeypatch.delenv(validate_cache.ENV_OFF, raising=False)
    validate_cache.switch(on=True)


def run(root: Path, *args: str) -> tuple[int, str, list[str]]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr.splitlines()


# -- the files' looks, as Git's index keeps them -----------------------------------------------------
@pytest.fixture
def reads(monkeypatch):
    """The names of the record files read in this test, in order: by the cache's way (`read_plain`) or the usual
    way (`loader.load_file`'s `read_bytes`)."""
    seen: list[str] = []
    plain, whole = files.read_plain, loader.read_bytes

    def counted_plain(path, dir_fd=None):
        seen.append(os.path.basename(path))
        return plain(path, dir_fd)

    def counted_whole(path, *args, **kwargs):
        seen.append(os.path.basename(path))
        return whole(path, *args, **kwargs)

    monkeypatch.setattr(files, "read_plain", counted_plain)
    monkeypatch.setattr(loader, "read_bytes", counted_whole)
    return seen


@pytest.fixture
def parses(monkeypatch):
    """The files parsed from their bytes (not taken from the cache) in this test, in order."""
    seen: list[str] = []
    real = loader.parse_bytes
    monkeypatch.setattr(loader, "parse_bytes", lambda rel, raw, kind: (seen.append(rel), real(rel, raw, kind))[1])
    return seen


@pytest.fixture
def exact_clock(monkeypatch):
    """No margin for a coarse clock (`RACY_NS`): a file written before the run began is not racily clean for it, so
    the fixtures copied a moment ago are kept with their looks (with the margin, only after two seconds)."""
    monkeypatch.setattr(record_cache, "RACY_NS", 0)


def coarse_clock(monkeypatch, name: str) -> None:
    """A filesystem whose clock does not tick: file `name` keeps the mtime and ctime it had when first looked at
    (its size and inode are its own), so an edit of the same size leaves it looking as it did."""
    real, first = record_cache._stat, {}

    def looked_at(path, **kwargs):
        info = real(path, **kwargs)
        if os.path.basename(path) != name:
            return info
        then = first.setdefault(name, info)
        return SimpleNamespace(st_mode=info.st_mode, st_size=info.st_size, st_ino=info.st_ino,
                               st_mtime_ns=then.st_mtime_ns, st_ctime_ns=then.st_ctime_ns)

    monkeypatch.setattr(record_cache, "_stat", looked_at)


def same_size_edit(path: Path) -> bytes:
    """The log with a typo in a key (`patrolz:`): as many bytes as before, and a problem to report."""
    text = path.read_bytes()
    edited = text.replace(b"patrols:", b"patrolz:", 1)
    assert edited != text and len(edited) == len(text)
    return edited


def test_a_file_that_looks_as_it_did_is_neither_read_nor_hashed(tmp_path, exact_clock, reads, parses):
    root = copy_fixture("good", tmp_path / "repo")
    cold = run(root, "validate")
    assert os.path.basename(LOG) in reads   # the cold run read every record
    reads.clear()
    parses.clear()
    assert run(root, "validate") == cold
    assert reads == [] and parses == []


def test_a_file_touched_but_the_same_is_hashed_once_then_its_new_look_is_kept(tmp_path, exact_clock, reads, parses):
    root = copy_fixture("good", tmp_path / "repo")
    cold = run(root, "validate")
    os.utime(root / LOG)   # `touch`: new times, same bytes
    reads.clear()
    parses.clear()
    assert run(root, "validate") == cold
    assert reads == [os.path.basename(LOG)] and parses == []   # read and hashed: the same bytes, not parsed
    reads.clear()
    assert run(root, "validate") == cold
    assert reads == []


def test_an_edit_with_its_size_and_mtime_put_back_is_caught_by_the_ctime(tmp_path, exact_clock, parses):
    """The `touch -r` trick: the file edited, then its mtime set back (`os.utime`); only the ctime tells."""
    root = copy_fixture("good", tmp_path / "repo")
    cold = run(root, "validate")
    log = root / LOG
    before = log.stat()
    log.write_bytes(same_size_edit(log))
    os.utime(log, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = log.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    assert after.st_ctime_ns != before.st_ctime_ns
    parses.clear()
    edited = run(root, "validate")
    assert parses == [LOG]
    assert edited != cold and edited[0] == 1 and LOG in edited[1]
    assert run(root, "--no-cache", "validate") == edited


def test_a_file_replaced_by_a_rename_is_caught_by_its_inode(tmp_path, exact_clock, monkeypatch, parses):
    """Another file renamed over the log, same size, same times (a coarse clock that did not tick): only the inode
    tells."""
    coarse_clock(monkeypatch, os.path.basename(LOG))
    root = copy_fixture("good", tmp_path / "repo")
    cold = run(root, "validate")
    log = root / LOG
    before = log.stat()
    other = log.with_name(".new.md")
    other.write_bytes(same_size_edit(log))
    os.replace(other, log)
    assert log.stat().st_ino != before.st_ino and log.stat().st_size == before.st_size
    parses.clear()
    edited = run(root, "validate")
    assert parses == [LOG]
    assert edited != cold and edited[0] == 1 and LOG in edited[1]
    assert run(root, "--no-cache", "validate") == edited


def test_a_racily_clean_file_is_hashed_again_and_its_change_caught(tmp_path, monkeypatch, parses):
    """The log is written just before the run that caches it, then edited again within the same tick of a coarse
    clock (`coarse_clock`): size, mtime, ctime and inode all as the cache saw them. Changed within `RACY_NS` of
    the run's start, it was kept without its look, so it is read and hashed again, and the edit is seen."""
    coarse_clock(monkeypatch, os.path.basename(LOG))
    root = copy_fixture("good", tmp_path / "repo")   # every file written just now: racily clean for the next run
    cold = run(root, "validate")
    (root / LOG).write_bytes(same_size_edit(root / LOG))
    parses.clear()
    edited = run(root, "validate")
    assert parses == [LOG]
    assert edited != cold and edited[0] == 1 and LOG in edited[1]
    assert run(root, "--no-cache", "validate") == edited


def test_without_the_racy_rule_the_same_edit_would_go_unseen(tmp_path, exact_clock, monkeypatch, parses):
    """Control for the test above: with no margin the log is not racily clean, its look is kept and, the clock not
    having ticked, believed. So it is the racy rule that catches the edit there, not something else."""
    coarse_clock(monkeypatch, os.path.basename(LOG))
    root = copy_fixture("good", tmp_path / "repo")
    cold = run(root, "validate")
    (root / LOG).write_bytes(same_size_edit(root / LOG))
    parses.clear()
    assert run(root, "validate") == cold
    assert parses == []


def test_the_staged_check_reads_every_file_and_the_working_tree_then_reads_none(tmp_path, exact_clock, reads):
    """The staged check lays the index out elsewhere (hard links, new files): no look is believed there, every file
    is read and hashed. The working tree is checked right after it, and, its looks noted again, read no more."""
    root = copy_fixture("good", tmp_path / "repo")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=root, check=True,
                       capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "start")
    assert run(root, "validate")[0] == 0
    log, org = root / LOG, root / "records/org.yml"
    good = log.read_text(encoding="utf-8")
    log.write_text(good.replace("patrols:", "patrol:", 1), encoding="utf-8")
    org.write_text(org.read_text(encoding="utf-8") + "# 改动\n", encoding="utf-8")   # the whole tree checked, staged
    git("add", "-A")
    log.write_text(good, encoding="utf-8")   # good again on disk only: the index is laid out elsewhere
    reads.clear()
    staged = run(root, "validate", "--staged")
    assert staged[0] == 1 and LOG in staged[1]
    assert os.path.basename(LOG) in reads and os.path.basename(SLIP) in reads
    assert run(root, "validate")[0] == 0
    reads.clear()
    assert run(root, "validate")[0] == 0
    assert reads == []


def walked(root: Path) -> list[str]:
    """What discover listed before `scan` existed: os.walk, links to folders listed and not followed."""
    found = []
    for folder, dirs, files in os.walk(root / "records", onerror=lambda e: found.append(
            Path(e.filename).relative_to(root).as_posix())):
        rel = Path(folder).relative_to(root).as_posix()
        links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in links]
        found += [f"{rel}/{n}" for n in [*files, *links] if not n.startswith(".")]
    return sorted(found)


def test_scan_lists_what_discover_listed_and_which_are_plain_files(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    logs = root / "records/logs/2026/11"
    (logs / "link.md").symlink_to(logs / "2026-11-26-li-na.md")
    (root / "records/slips/elsewhere").symlink_to(root / "records/slips/2026", target_is_directory=True)
    (root / "records/.hidden").mkdir()
    (root / "records/.hidden/x.md").write_text("x", encoding="utf-8")
    (logs / ".swap.md").write_text("x", encoding="utf-8")
    os.mkfifo(logs / "pipe.md")
    rels, regular = loader.scan(root)
    assert rels == walked(root) == loader.discover(root)
    assert "records/logs/2026/11/link.md" in rels and "records/slips/elsewhere" in rels
    assert "records/logs/2026/11/pipe.md" in rels
    assert regular == {rel for rel in rels if (root / rel).is_file() and not (root / rel).is_symlink()}
    assert LOG in regular and "records/logs/2026/11/link.md" not in regular
    assert "records/logs/2026/11/pipe.md" not in regular


@pytest.mark.parametrize("size", [0, 1, 374, (1 << 14) - 1, 1 << 14, (1 << 14) + 1, 200_000, MAX_FILE_BYTES])
def test_read_plain_reads_a_regular_file_whole(size, tmp_path):
    path = tmp_path / "f.md"
    data = bytes(i % 251 for i in range(size))
    path.write_bytes(data)
    assert read_plain(str(path)) == data == read_bytes(path, "f.md")[0]
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        assert read_plain("f.md", fd) == data
    finally:
        os.close(fd)


def test_read_plain_refuses_what_is_not_a_small_regular_file(tmp_path):
    (tmp_path / "big.md").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    (tmp_path / "real.md").write_text("x", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    (tmp_path / "folder.md").mkdir()
    os.mkfifo(tmp_path / "pipe.md")   # opened without waiting for a writer, and refused
    for name in ("big.md", "link.md", "folder.md", "pipe.md", "missing.md"):
        assert read_plain(str(tmp_path / name)) is None, name


def test_a_file_swapped_for_a_link_or_a_pipe_after_caching_is_reported_as_without_a_cache(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    assert run(root, "validate")[0] == 0
    real = root / "records/elsewhere.md"
    shutil.move(root / LOG, real)
    (root / LOG).symlink_to(real)
    linked = run(root, "validate")
    assert linked[0] == 1 and LOG in linked[1]
    assert run(root, "--no-cache", "validate") == linked
    (root / LOG).unlink()
    os.mkfifo(root / LOG)
    piped = run(root, "validate")
    assert piped[0] == 1 and LOG in piped[1] and piped != linked
    assert run(root, "--no-cache", "validate") == piped


def test_a_cached_record_citing_a_slip_that_is_gone_is_reported(tmp_path):
    """The log is taken from its pack unchanged; what it cites is still checked, against this run's slips."""
    root = copy_fixture("good", tmp_path / "repo")
    assert run(root, "validate")[0] == 0
    (root / SLIP).unlink()
    gone = run(root, "validate")
    assert gone[0] == 1 and "WT112" in gone[1] and LOG in gone[1]
    assert run(root, "--no-cache", "validate") == gone
    assert run(root, "validate") == gone   # and again, with the packs written after the slip went


def test_a_new_record_citing_nothing_that_exists_is_reported_warm(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    assert run(root, "validate")[0] == 0
    log = root / LOG
    text = log.read_text(encoding="utf-8")
    (root / "records/logs/2026/11/2026-11-27-li-na.md").write_text(
        text.replace("2026-11-26", "2026-11-27").replace("S-20261126-wang-fang-01", "S-20261126-wang-fang-09"),
        encoding="utf-8")
    log.write_text(text.replace("staff: li-na", "staff: 李娜"), encoding="utf-8")
    warm = run(root, "validate")
    assert warm[0] == 1 and "WT112" in warm[1] and "S-20261126-wang-fang-09" in warm[1]
    assert run(root, "--no-cache", "validate") == warm
    assert run(root, "validate") == warm


def test_a_slip_sent_to_a_department_by_its_chinese_name_stays_valid_warm(tmp_path):
    """`to: 工程部` is turned into the id after reading (crossref.department_ids): a new record, not the pack's."""
    root = copy_fixture("good", tmp_path / "repo")
    slip = root / SLIP
    slip.write_text(slip.read_text(encoding="utf-8").replace("to: engineering", "to: 工程部"), encoding="utf-8")
    cold = run(root, "validate")
    assert cold[0] == 0
    assert run(root, "validate") == cold == run(root, "--no-cache", "validate")
    slip.write_text(slip.read_text(encoding="utf-8").replace("to: 工程部", "to: 不存在部"), encoding="utf-8")
    wrong = run(root, "validate")
    assert wrong[0] == 1 and "WT110" in wrong[1]
    assert run(root, "--no-cache", "validate") == wrong


def wutong(root: Path, *args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != validate_cache.ENV_OFF}
    env.update(PYTHONPATH=str(REPO), WUTONG_NO_PROGRESS="1", **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "wutong_docs", "--root", str(root), *args],
                          capture_output=True, env=env, timeout=120)


@pytest.mark.parametrize("broken", [False, True])
def test_the_quick_exit_keeps_the_output_and_the_exit_status(broken, tmp_path):
    root = copy_fixture("sample_desk", tmp_path / "repo")
    if broken:
        slip = next((root / "records/slips").rglob("*.md"))
        slip.write_text(slip.read_text(encoding="utf-8").replace("category:", "categroy:", 1), encoding="utf-8")
    expected = run(root, "--no-cache", "validate", "--format", "json")
    for _ in range(2):   # cold, then warm
        done = wutong(root, "validate", "--format", "json")
        assert (done.returncode, done.stdout.decode(), done.stderr.decode().splitlines()) == expected
    assert expected[0] == (1 if broken else 0)


def test_the_quick_exit_runs_the_exit_handlers_and_leaves_other_commands_alone(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    marker = tmp_path / "exit-handler-ran"
    code = ("import atexit, pathlib, sys; atexit.register(pathlib.Path(sys.argv.pop()).write_text, 'yes'); "
            "from wutong_docs.cli.main import main; main()")
    env = {k: v for k, v in os.environ.items() if k != validate_cache.ENV_OFF}
    env.update(PYTHONPATH=str(REPO), WUTONG_NO_PROGRESS="1")
    done = subprocess.run([sys.executable, "-c", code, "--root", str(root), "validate", str(marker)],
                          capture_output=True, env=env, timeout=120)
    assert done.returncode == 0 and marker.read_text() == "yes"
    usage = wutong(root, "validate", "--format", "xml")   # a usage error: click's own exit, status 2
    assert usage.returncode == 2 and b"--format" in usage.stderr
