"""The validation cache (wutong_docs/validate/record_cache.py) changes nothing but the time taken.

Every test compares what a user sees -- standard output, the lines on standard error,
the exit status -- and the Report's records and problems, with the cache cold, warm,
deleted, corrupted in every way we could think of, and switched off. The rest of the
suite runs with the cache off (conftest.py); here it is on.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, REPO, copy_fixture
from test_error_codes import BAD, CASES, listed, overlay, refuse_to_open
from wutong_docs.validate import cache_format, loader, record_cache, cache as validate_cache
from wutong_docs.cli.main import cli
from wutong_docs.validate.pipeline import validate

CACHE = Path(record_cache.FOLDER)


@pytest.fixture(autouse=True)
def cache_on(monkeypatch):
    """The cache as a user has it: on (the other tests switch it off in conftest.py)."""
    monkeypatch.delenv(validate_cache.ENV_OFF, raising=False)
    validate_cache.switch(on=True)


@pytest.fixture
def parses(monkeypatch):
    """The files parsed from their bytes (not taken from the cache) in this test, in order."""
    seen: list[str] = []
    real = loader.parse_bytes

    def counting(rel, raw, kind):
        seen.append(rel)
        return real(rel, raw, kind)

    monkeypatch.setattr(loader, "parse_bytes", counting)
    return seen


def run(root: Path, *args: str) -> tuple[int, str, list[str]]:
    """`wutong --root ROOT ARGS…` in this process: (exit status, stdout, stderr lines)."""
    result = CliRunner().invoke(cli, ["--root", str(root), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr.splitlines()


def packs(root: Path) -> list[Path]:
    return sorted((root / CACHE).glob("*.pack"))


def same_report(root: Path):
    """The Report with the cache (as it is now) and without it: equal records and problems."""
    cached = validate(root)
    validate_cache.switch(on=False)
    try:
        plain = validate(root)
    finally:
        validate_cache.switch(on=True)
    assert cached.records == plain.records
    assert cached.problems == plain.problems
    assert cached.checked == plain.checked


def check_every_state(root: Path, parses: list[str], *args: str) -> None:
    """Cold, warm, --no-cache and deleted give the same; the warm run parses nothing that was cached."""
    assert not (root / ".wutong-cache").exists()
    cold = run(root, *args)
    assert packs(root), "the cold run wrote no cache"
    parses.clear()
    assert run(root, *args) == cold
    assert parses == [], f"the warm run parsed {parses[:3]} again"
    assert run(root, "--no-cache", *args) == cold
    assert run(root, *args, "--no-cache") == cold  # validate's own option
    shutil.rmtree(root / ".wutong-cache")
    assert run(root, *args) == cold
    same_report(root)


@pytest.mark.parametrize("fixture", ["good", "sample_desk"])
def test_the_cache_changes_nothing_on_the_fixtures(fixture, tmp_path, parses):
    root = copy_fixture(fixture, tmp_path / "repo")
    check_every_state(root, parses, "validate")
    shutil.rmtree(root / ".wutong-cache")
    check_every_state(root, parses, "validate", "--format", "json")


@pytest.mark.parametrize("code", CASES)
def test_the_cache_changes_nothing_on_any_bad_fixture(code, tmp_path, monkeypatch):
    root = overlay(code, tmp_path)
    refuse_to_open(monkeypatch, root, listed(BAD / code, "unreadable.txt"))
    expected = (BAD / code / "expected.txt").read_text(encoding="utf-8")
    cold = run(root, "validate")
    assert cold[1] == expected
    assert run(root, "validate") == cold  # warm
    assert run(root, "--no-cache", "validate") == cold
    same_report(root)


def test_the_daily_check_is_the_same_warm(tmp_path, parses):
    root = copy_fixture("sample_desk", tmp_path / "repo")
    args = ("check", "--date", "2026-11-26")
    cold = run(root, *args)
    assert cold[0] == 1 and "工作日志" in cold[1]  # the sample has gaps: the check has something to say
    parses.clear()
    assert run(root, *args) == cold
    assert parses == []


# -- a cache that is not what it should be is rebuilt, silently -----------------------------------
def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garble(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _other_format(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(record_cache.MAGIC) + 1] ^= 0xFF  # the format number
    path.write_bytes(bytes(data))


def _other_tool(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(record_cache.MAGIC) + 2] ^= 0xFF  # the fingerprint's first byte
    path.write_bytes(bytes(data))


def _header_and_checksum(path: Path, body: bytes) -> bytes:
    """The pack's own header (format and fingerprint) and a right checksum, before `body`."""
    head = path.read_bytes()[: len(record_cache.MAGIC) + 2 + 16]
    return head + zlib.crc32(body).to_bytes(4, "big") + body


def _wrong_records(path: Path) -> None:
    """Right header and checksum, data of another shape entirely (a dict where a tuple is expected)."""
    path.write_bytes(_header_and_checksum(path, cache_format.encode({"records/logs/x.md": "nonsense"})))


def _wrong_entries(path: Path) -> None:
    """Right header and checksum, the right shape, entries that are not (digest, record, problems, rules)."""
    folder, entries, references = record_cache._read_pack(path, path.read_bytes()[: len(record_cache.MAGIC) + 18])
    entries = {rel: ("digest", 1, ["problem"], None) for rel in entries}
    path.write_bytes(_header_and_checksum(path, cache_format.encode((folder, entries, references))))


def _a_pickle(path: Path) -> None:
    """Right header and checksum, a pickle (what packs were before format 3)."""
    path.write_bytes(_header_and_checksum(path, pickle.dumps({"records/logs/x.md": "nonsense"})))


def _flipped_byte(path: Path) -> None:
    """One byte of the data changed, as a disk or a copy may do: the checksum no longer holds."""
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x01
    path.write_bytes(bytes(data))


def _unreadable(path: Path) -> None:
    path.unlink()
    path.mkdir()  # opening it fails (IsADirectoryError), whoever runs the tests


@pytest.mark.parametrize("spoil", [_truncate, _garble, _empty, _other_format, _other_tool, _wrong_records,
                                   _wrong_entries, _a_pickle, _flipped_byte, _unreadable])
def test_a_spoilt_cache_is_ignored_and_rebuilt(spoil, tmp_path, parses):
    root = copy_fixture("sample_desk", tmp_path / "repo")
    cold = run(root, "validate")
    for pack in packs(root):
        spoil(pack)
    parses.clear()
    assert run(root, "validate") == cold
    assert parses, "nothing was parsed again: the spoilt packs were believed"
    if spoil is not _unreadable:  # a pack that is a folder cannot be replaced; the others are written afresh
        parses.clear()
        assert run(root, "validate") == cold
        assert parses == []
    same_report(root)


def test_a_file_edited_after_caching_is_read_again(tmp_path, parses):
    """A pack answers only for the bytes it was made from: an edited file is parsed again, and back again is cached."""
    root = copy_fixture("good", tmp_path / "repo")
    cold = run(root, "validate")
    log = "records/logs/2026/11/2026-11-26-li-na.md"
    text = (root / log).read_text(encoding="utf-8")
    (root / log).write_text(text.replace("patrols:", "patrol:", 1), encoding="utf-8")  # a typo in a key
    parses.clear()
    edited = run(root, "validate")
    assert parses == [log]
    assert edited != cold and edited[0] == 1 and log in edited[1]
    assert run(root, "--no-cache", "validate") == edited
    (root / log).write_text(text, encoding="utf-8")
    assert run(root, "validate") == cold


def test_a_planted_pack_cannot_run_code(tmp_path):
    """The packs are MessagePack, never unpickled: a pickle behind a pack's own header and checksum runs nothing.
    (tests/test_cache_hostile.py plants many more, in every cache, and runs the CLI as a user would.)"""
    root = copy_fixture("good", tmp_path / "repo")
    cold = run(root, "validate")
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.makedirs, (str(marker),))

    for pack in packs(root):
        pack.write_bytes(_header_and_checksum(pack, pickle.dumps(("records/logs/2026/11", {"x": Evil()}))))
    assert run(root, "validate") == cold
    assert not marker.exists()


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    expected = run(root, "--no-cache", "validate")
    (root / ".wutong-cache").write_text("not a folder", encoding="utf-8")
    assert run(root, "validate") == expected
    assert run(root, "validate") == expected


# -- what the per-file results depend on besides the file ------------------------------------------
def test_editing_org_yml_after_caching_shows_the_problems_it_causes(tmp_path):
    """WT607 (a collection notice needs each board's homes) is a per-record rule that reads org.yml."""
    root = overlay("WT607", tmp_path)
    before = run(root, "validate")
    assert "WT607" in before[1]
    org = root / "records/org.yml"
    org.write_text(org.read_text(encoding="utf-8").replace('{id: "3", units: ["1", "2"]}',
                                                          '{id: "3", units: ["1", "2"], homes: 20}'),
                   encoding="utf-8")
    after = run(root, "validate")
    assert "WT607" not in after[1] and after[0] == 0
    assert run(root, "--no-cache", "validate") == after
    org.write_text(org.read_text(encoding="utf-8").replace(', homes: 20}', '}'), encoding="utf-8")
    assert run(root, "validate") == before


def test_editing_the_survey_items_after_caching_shows_the_problems_it_causes(tmp_path):
    """WT960 (a survey scores an item duties.yml does not list) reads the items through the rules' context."""
    root = copy_fixture("sample_desk", tmp_path / "repo")
    copy_fixture("report_survey/records", root / "records")
    duties = root / "records/duties.yml"
    duties.write_text(duties.read_text(encoding="utf-8") + (FIXTURES / "report_survey/survey_block.yml")
                      .read_text(encoding="utf-8"), encoding="utf-8")
    before = run(root, "validate")
    assert before[0] == 0 and "WT960" not in before[1]
    duties.write_text(duties.read_text(encoding="utf-8").replace("    fees: 收费透明\n", ""), encoding="utf-8")
    after = run(root, "validate")
    assert "WT960" in after[1] and after[0] == 1
    assert run(root, "--no-cache", "validate") == after


def test_editing_an_arrears_list_after_caching_shows_the_problems_it_causes(tmp_path):
    """WT608 (a board notice names a household on an arrears list) reads the lists through the rules' context."""
    root = overlay("WT608", tmp_path)
    before = run(root, "validate")
    assert "WT608" in before[1]
    arrears = root / "records/arrears/2026/11/2026-11-10.csv"
    arrears.write_text("unit,owner,amount,months\n2-1-101,陈建国,1234.50,2026-07~2026-11\n", encoding="utf-8")
    after = run(root, "validate")
    assert "WT608" not in after[1]
    assert run(root, "--no-cache", "validate") == after
    shutil.copyfile(BAD / "WT608/records/arrears/2026/11/2026-11-10.csv", arrears)
    assert run(root, "validate") == before


def test_removing_a_staff_member_is_seen_although_every_record_is_cached(tmp_path, parses):
    """The references (a rule over all records) are checked on every run, never taken from the cache."""
    root = copy_fixture("good", tmp_path / "repo")
    run(root, "validate")
    org = root / "records/org.yml"
    lines = org.read_text(encoding="utf-8").splitlines(keepends=True)
    org.write_text("".join(line for line in lines if "li-na" not in line or "id:" not in line), encoding="utf-8")
    parses.clear()
    after = run(root, "validate")
    assert "WT109" in after[1] and after[0] == 1
    assert parses == []  # the records came from the cache; their references were checked again
    assert run(root, "--no-cache", "validate") == after


def test_rules_that_read_nothing_else_are_reused_and_those_that_read_the_root_are_not(tmp_path, monkeypatch):
    """`_Watched` notes what a rule reads; reading the root (files!) makes its answer uncacheable."""
    from wutong_docs.core import rules
    from wutong_docs.records.log import DailyLog

    root = copy_fixture("good", tmp_path / "repo")
    calls = []

    def reads_the_root(record, context):
        calls.append(context.root)
        return []

    monkeypatch.setattr(rules, "RULES", [*rules.RULES, rules.Rule(("WT000",), reads_the_root, rules.RECORD,
                                                                  (DailyLog,))])
    validate(root)
    validate(root)
    assert len(calls) == 2  # run on both runs: its answer was not kept


def test_no_record_rule_or_parser_reads_the_clock():
    """The cache keeps what reading and the per-record rules say; that holds only if neither asks the time."""
    package = REPO / "wutong_docs"
    sources = [*package.glob("records/*.py"), *(package / name for name in (
        "validate/loader.py", "read/files.py", "read/front_matter.py", "read/yaml_lines.py", "read/fields.py",
        "read/body_limits.py", "read/yaml_mistakes.py", "read/limits.py", "reference/survey_items.py"))]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(now|today)\(|time\.time\(|dates\.now", text), path


def test_the_cache_lives_in_its_own_ignored_folder(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    run(root, "validate")
    assert (root / ".wutong-cache/.gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert packs(root) and all(p.parent == root / CACHE for p in packs(root))
    assert not [p for p in (root / "records").rglob("*") if "wutong" in p.name]
    assert "/.wutong-cache/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/.wutong-cache/" in (REPO / "wutong_docs/data/init/gitignore.j2").read_text(encoding="utf-8")


# -- the commit hook judges the staged bytes -------------------------------------------------------
def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True,
                   capture_output=True)


def test_the_staged_check_is_not_fooled_by_a_cache_of_the_working_tree(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    log = root / "records/logs/2026/11/2026-11-26-li-na.md"
    good = log.read_text(encoding="utf-8")
    assert run(root, "validate")[0] == 0  # the cache now holds the good log
    log.write_text(good.replace("patrols:", "patrol:", 1), encoding="utf-8")
    org = root / "records/org.yml"
    org.write_text(org.read_text(encoding="utf-8") + "# 改动\n", encoding="utf-8")  # the whole check, staged
    git(root, "add", "-A")
    log.write_text(good, encoding="utf-8")  # good again on disk only: the staged log stays broken
    staged = run(root, "validate", "--staged")
    assert staged[0] == 1 and "records/logs/2026/11/2026-11-26-li-na.md" in staged[1]
    assert run(root, "--no-cache", "validate", "--staged") == staged
    assert run(root, "validate", "--staged") == staged  # and again, with the staged bytes cached too
    assert run(root, "validate")[0] == 0  # the working tree is fine, cache or not


# -- two runs at once ------------------------------------------------------------------------------
def test_two_runs_at_once_leave_a_cache_that_gives_the_same_result(tmp_path, parses):
    root = copy_fixture("sample_desk", tmp_path / "repo")
    expected = run(root, "--no-cache", "validate")
    env = {k: v for k, v in os.environ.items() if k != validate_cache.ENV_OFF}
    env["PYTHONPATH"] = str(REPO)
    command = [sys.executable, "-m", "wutong_docs", "--root", str(root), "validate"]
    for _ in range(3):
        shutil.rmtree(root / ".wutong-cache", ignore_errors=True)
        both = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        for proc in both:
            out, err = proc.communicate(timeout=120)
            assert (proc.returncode, out.decode(), err.decode().splitlines()) == expected
    parses.clear()
    assert run(root, "validate") == expected
    assert parses == []
    assert not [p for p in (root / CACHE).iterdir() if not p.name.endswith(".pack")]  # no temporary left
