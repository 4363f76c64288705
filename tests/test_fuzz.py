"""Fuzz: thousands of randomly damaged input files, and never a traceback, a hang or a changed input.

The repository fuzzed is frozen: tests/fixtures/good with tests/fixtures/notices
(notices, an arrears CSV) and tests/fixtures/fuzz (a duty book with every
cadence form, a calendar.yml) laid over it. It is copied once; each case
damages one file with one to three random mutations (byte flips, deletions,
duplications, YAML and Markdown special characters, full-width punctuation,
huge numbers, tabs, truncation, swapped lines, anchors and aliases), runs
`wutong validate` (every fourth case also `--format json` and `check`; every
other case that damaged duties.yml, calendar.yml or org.yml also `calendar`),
then puts the file back.

Each case must end with exit status 0 or 1 and no exception, within a time
limit, and leave every file of the repository as it was. The seed changes every
day (YYYYMMDD), so CI explores new inputs daily; a failure prints the seed and
the case, and `WUTONG_FUZZ_SEED=<seed> WUTONG_FUZZ_ONLY=<case>` replays it.
`WUTONG_FUZZ_CASES` sets the number of cases (default 3000).
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import tempfile
import traceback
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import copy_fixture
from wutong_docs.cli.main import cli

SEED = int(os.environ.get("WUTONG_FUZZ_SEED") or date.today().strftime("%Y%m%d"))
CASES = int(os.environ.get("WUTONG_FUZZ_CASES") or 3000)
ONLY = os.environ.get("WUTONG_FUZZ_ONLY")
CALENDAR_INPUTS = ("duties.yml", "calendar.yml", "org.yml")
TIME_LIMIT = 5  # seconds per case; the whole sample repository validates in about 5 ms

# what an editor, a paste from WeChat or a tired hand puts into a file
SPECIAL = [
    ": ", ":", "- ", "-", "#", "&a ", "*a", "*nope", "&a [*a]", "<<: *a", "? ", "!!", "!!int abc", "!!float x",
    "!!bool maybe", "!!binary ?", "!!python/object:os.system", "!!set", "!!omap", "!foo ", "%YAML 1.1", "%TAG ! x",
    "---", "...", "|", ">", "|-", "{", "}", "[", "]", "{}", "[]", "[[", "]]", ",", "'", '"', "''", '""', "\\",
    "`", "```", "~", "null", "yes", "no", "on", "off", "NaN", ".inf", "-.inf", "0x_", "0b_", "0o", "1_000",
    "2026-13-45", "2026-02-30", "9999-12-31", "0001-01-01", "0000-00-00", "24:00", "99:99", "-1", "0",
    "\t", "\r", "\r\n", "\x00", "\x0b", "\x1b", "\ufeff", "\u200b", "\u3000", "\U0001f600", "\ud7ff",
    "：", "，", "；", "－", "＃", "｜", "［", "］", "｛", "｝", "＂", "“", "”", "‘", "’", "　",
    "# ", "## ", "## 今日完成情况", "## 次日工作计划", "<!--", "-->", "<script>", "](", "[x](javascript:1)",
    "![b](http://e/x.png)", "{{", "}}", "{%", "%}", "&amp;", "<", ">", "*", "_", "> ", "1. ", "* ",
    "S-20261126-wang-fang-01", "S-99999999-x-00", "li-na", "zhang-wei", "nobody", "3-2-501", "1-1", "all",
    "unit,owner,amount,months", ",,,,", '"a,b"', "1-1-101,张三,12.5,2026-07~2026-11", "2026-11~2026-07",
]
HUGE = ["9" * 30, "-" + "9" * 30, "1e400", "-1e400", "9" * 400, "18446744073709551616", "0" * 50 + "7",
        "1" * 4301]
_LINE = re.compile(rb"[^\n]*\n|[^\n]+$")
_DIGITS = re.compile(rb"[0-9]+")


def _line_spans(data: bytes) -> list[tuple[int, int]]:
    return [m.span() for m in _LINE.finditer(data)] or [(0, 0)]


def _pos(rng: random.Random, data: bytes) -> int:
    return rng.randint(0, len(data))


def flip(rng, data):
    if not data:
        return data, "flip(empty)"
    i = rng.randrange(len(data))
    new = rng.choice([data[i] ^ (1 << rng.randrange(8)), rng.randrange(256)])
    return data[:i] + bytes([new]) + data[i + 1:], f"flip@{i}"


def delete(rng, data):
    i = _pos(rng, data)
    n = rng.choice([1, 1, 2, 5, 20, 200])
    return data[:i] + data[i + n:], f"delete@{i}+{n}"


def duplicate(rng, data):
    if rng.random() < 0.5:
        a, b = rng.choice(_line_spans(data))
        return data[:b] + data[a:b] + data[b:], f"duplicate-line@{a}"
    i = _pos(rng, data)
    n = rng.choice([1, 3, 10, 100])
    return data[:i] + data[i:i + n] + data[i:], f"duplicate@{i}+{n}"


def insert_special(rng, data):
    i = _pos(rng, data)
    if rng.random() < 0.5:  # at a line start, where YAML looks hardest
        i = rng.choice(_line_spans(data))[0]
    s = rng.choice(SPECIAL)
    return data[:i] + s.encode("utf-8", "surrogatepass") + data[i:], f"insert@{i}:{s!r}"


def full_width(rng, data):
    pairs = [(b":", "："), (b",", "，"), (b"-", "－"), (b" ", "　"), (b"[", "［"), (b'"', "“"), (b"0", "０"),
             (b"1", "１")]
    half, full = rng.choice(pairs)
    where = [m.start() for m in re.finditer(re.escape(half), data)]
    if not where:
        return data, "full-width(none)"
    i = rng.choice(where)
    return data[:i] + full.encode() + data[i + len(half):], f"full-width@{i}:{full}"


def huge_number(rng, data):
    numbers = [m.span() for m in _DIGITS.finditer(data)]
    s = rng.choice(HUGE).encode()
    if not numbers:
        i = _pos(rng, data)
        return data[:i] + s + data[i:], f"huge@{i}"
    i, j = rng.choice(numbers)
    return data[:i] + s + data[j:], f"huge@{i}:{len(s)}"


def tabs(rng, data):
    a, _ = rng.choice(_line_spans(data))
    if rng.random() < 0.5:
        return data[:a] + b"\t" + data[a:], f"tab@{a}"
    return data[:a] + data[a:].replace(b"  ", b"\t", 1), f"tab-for-spaces@{a}"


def truncate(rng, data):
    i = _pos(rng, data)
    return data[:i], f"truncate@{i}"


def swap_lines(rng, data):
    spans = _line_spans(data)
    if len(spans) < 2:
        return data, "swap(one line)"
    (a1, b1), (a2, b2) = sorted(rng.sample(spans, 2))
    return data[:a1] + data[a2:b2] + data[b1:a2] + data[a1:b1] + data[b2:], f"swap@{a1},{a2}"


def alias(rng, data):
    """Anchor a value and refer to it elsewhere, or refer to an anchor that is not there (never exponential)."""
    spans = _line_spans(data)
    colon = [(a, b) for a, b in spans if b":" in data[a:b]]
    if not colon:
        return insert_special(rng, data)
    a, b = rng.choice(colon)
    c = data.index(b":", a) + 1
    kind = rng.randrange(4)
    if kind == 0:  # anchor here, alias on another line
        x, y = rng.choice(colon)
        cx = data.index(b":", x) + 1
        marked = data[:c] + b" &z" + data[c:]
        shift = 3 if cx > c else 0
        return marked[:cx + shift] + b" *z" + marked[y + shift - 1:], f"alias@{a}->{x}"
    if kind == 1:
        return data[:c] + b" *nowhere" + data[b - 1:], f"undefined-alias@{a}"
    if kind == 2:
        return data[:c] + b" &s [*s]" + data[b - 1:], f"self-alias@{a}"
    return data[:a] + b"<<: *z\n" + data[a:], f"merge@{a}"


MUTATIONS = [flip, delete, duplicate, insert_special, insert_special, full_width, huge_number, tabs, truncate,
             swap_lines, alias]


class Hang(Exception):
    pass


def _on_alarm(signum, frame):
    raise Hang(f"took more than {TIME_LIMIT} s")


def _snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _run(runner: CliRunner, root: Path, args: list[str]) -> str | None:
    """None if the command ended as a user-facing command should; otherwise what went wrong."""
    result = runner.invoke(cli, ["--root", str(root), *args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        if isinstance(result.exception, Hang):
            return f"wutong {' '.join(args)}: {result.exception}"
        frames = [f for f in traceback.extract_tb(result.exc_info[2]) if "wutong_docs" in f.filename]
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno} {frames[-1].name}" if frames else "?"
        exc = result.exception
        tb = "".join(traceback.format_exception(type(exc), exc, result.exc_info[2], limit=-6))
        return f"wutong {' '.join(args)}: {type(exc).__name__} in {where}: {str(exc)[:100]}\n{tb}"
    if result.exit_code not in (0, 1):
        return f"wutong {' '.join(args)}: exit status {result.exit_code}\n{result.output[-2000:]}"
    if "Traceback" in result.output:
        return f"wutong {' '.join(args)}: printed a traceback\n{result.output[-2000:]}"
    return None


@pytest.fixture(scope="module")
def fuzz_repo(tmp_path_factory):
    # every case writes a file twice: in memory (/dev/shm) that costs 0.02 ms, on this disk 3.7 ms
    shm = Path("/dev/shm")
    memory = shm.is_dir() and os.access(shm, os.W_OK)
    base = Path(tempfile.mkdtemp(prefix="wutong-fuzz-", dir=shm)) if memory else tmp_path_factory.mktemp("fuzz")
    root = copy_fixture("good", base / "repo")
    copy_fixture("notices", root)
    yield copy_fixture("fuzz", root)
    if memory:
        shutil.rmtree(base)


def test_damaged_inputs_never_crash_hang_or_change_a_file(fuzz_repo):
    root = fuzz_repo
    targets = sorted(p for p in root.rglob("*") if p.is_file())
    weights = [3 if p.suffix in (".yml", ".csv") else 2 for p in targets]  # the shared files matter most
    originals = {p: p.read_bytes() for p in targets}
    before = _snapshot(root)
    runner = CliRunner()
    cases = [int(ONLY)] if ONLY else range(CASES)
    failures: list[str] = []
    old = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        for case in cases:
            rng = random.Random(f"{SEED}-{case}")
            target = rng.choices(targets, weights)[0]
            data, done = originals[target], []
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                data, what = rng.choice(MUTATIONS)(rng, data)
                done.append(what)
            target.write_bytes(data)
            commands = [["validate"]]
            if case % 4 == 0:
                commands += [["validate", "--format", "json"], ["check", "--date", rng.choice(["2026-11-26", "2026-11-30"])]]
            if target.name in CALENDAR_INPUTS and case % 2 == 0:  # a calendar reads nothing else
                commands.append(["calendar", "--role", rng.choice(["supervisor", "area_manager", "front_desk"]),
                                 "--month", rng.choice(["2026-10", "2026-11"]),
                                 "--format", rng.choice(["html", "html", "md", "md", "ics"])])
            for args in commands:
                signal.alarm(TIME_LIMIT)
                try:
                    wrong = _run(runner, root, args)
                except Hang as exc:  # raised outside the command, e.g. while click tidied up
                    wrong = f"wutong {' '.join(args)}: {exc}"
                finally:
                    signal.alarm(0)
                if wrong is None and target.read_bytes() != data:
                    wrong = f"wutong {' '.join(args)} changed the damaged file"
                if wrong:
                    failures.append(f"case {case}: {target.relative_to(root)} after {', '.join(done)}\n"
                                    f"  input (first 600 bytes): {data[:600]!r}\n  {wrong}")
            target.write_bytes(originals[target])
            if _snapshot(root) != before:
                failures.append(f"case {case}: {target.relative_to(root)} after {', '.join(done)}\n"
                                f"  input (first 600 bytes): {data[:600]!r}\n  a command changed or added a file")
                for path, original in originals.items():
                    path.write_bytes(original)
    finally:
        signal.signal(signal.SIGALRM, old)
    assert _snapshot(root) == before, "an input file changed or a new file appeared"
    if failures:
        cases_failed = len({f.split(":")[0] for f in failures})
        heads = "\n".join(f.splitlines()[0] + " — " + f.splitlines()[2].strip()[:120] for f in failures)
        detail = "\n\n".join(failures[:5])
        pytest.fail(f"{cases_failed} of {len(list(cases))} fuzz cases failed ({len(failures)} commands); replay with WUTONG_FUZZ_SEED={SEED} "
                    f"WUTONG_FUZZ_ONLY=<case>\n{heads}\n\nfirst failures in full:\n{detail}", pytrace=False)


def test_the_harness_sees_a_traceback_and_a_hang(good_repo, monkeypatch):
    """The fuzz test would pass vacuously if `_run` missed a crash or the alarm never fired."""
    import time

    import wutong_docs.validate.pipeline

    def crash(root, paths=None):
        raise ValueError("boom")

    monkeypatch.setattr(wutong_docs.validate.pipeline, "validate", crash)
    assert "validate: ValueError in validate.py" in _run(CliRunner(), good_repo, ["validate"])

    monkeypatch.setattr(wutong_docs.validate.pipeline, "validate", lambda root, paths=None: time.sleep(3))
    old = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        signal.alarm(1)
        assert "took more than" in _run(CliRunner(), good_repo, ["validate"])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
