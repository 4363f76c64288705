"""Progress on long work: a bar on a terminal for thousands of records, not a character more anywhere else.

The bar (wutong_docs/core/progress.py) is drawn by `validate` while it reads the records,
so by every command that validates first (`check` here). The data are generated
(benchmarks/generate.py, 2,426 records, over the 2,000 a bar needs) into a temporary
folder; the terminal is a real pseudo-terminal on standard error.
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, REPO
from wutong_docs.core import progress
from wutong_docs.cli.main import cli

SUMMARY = "已校验 2428 个文件：0 个错误，0 个警告"  # 2,426 records, the duty book, org.yml


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """2,426 generated records (5 staff, one year) with the sample's duty book, for `check`."""
    root = tmp_path_factory.mktemp("many")
    subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), str(root), "--years", "1", "--staff", "5",
                    "--slips-per-day", "4"], check=True, capture_output=True)
    shutil.copyfile(FIXTURES / "sample_desk/records/duties.yml", root / "records/duties.yml")
    return root


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != progress.QUIET_ENV}
    env["PYTHONPATH"] = str(REPO)
    return env


def on_a_terminal(root: Path, *args: str) -> tuple[int, bytes, str]:
    """Run wutong with standard error on a pseudo-terminal: (exit status, stdout, what the terminal showed)."""
    master, slave = pty.openpty()
    with tempfile.TemporaryFile() as stdout:  # a file, not a pipe: a full pipe would stall the child
        proc = subprocess.Popen([sys.executable, "-m", "wutong_docs", "--root", str(root), *args],
                                env=environment(), stdin=subprocess.DEVNULL, stdout=stdout, stderr=slave)
        os.close(slave)
        shown = bytearray()
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal (EIO on Linux)
                break
            if not chunk:
                break
            shown += chunk
        os.close(master)
        status = proc.wait(timeout=300)
        stdout.seek(0)
        return status, stdout.read(), shown.decode("utf-8", "replace")


def test_validate_draws_a_bar_on_a_terminal_for_thousands_of_files(many):
    status, out, shown = on_a_terminal(many, "validate")
    assert status == 0 and out == b""
    assert "读取记录" in shown and "2427/2427" in shown
    assert shown.rstrip().endswith(SUMMARY)


def test_check_draws_the_bar_of_the_validation_it_starts_with(many):
    status, out, shown = on_a_terminal(many, "check", "--date", "2026-06-30")
    assert "读取记录" in shown and "2427/2427" in shown
    assert "读取记录".encode() not in out and b"\r" not in out


def test_nothing_more_is_printed_when_standard_error_is_not_a_terminal(many):
    done = subprocess.run([sys.executable, "-m", "wutong_docs", "--root", str(many), "validate"], env=environment(),
                          capture_output=True, text=True, encoding="utf-8")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", SUMMARY + "\n")
    result = CliRunner().invoke(cli, ["--root", str(many), "validate"], catch_exceptions=False)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", SUMMARY + "\n")
    checked = CliRunner().invoke(cli, ["--root", str(many), "check", "--date", "2026-06-30"], catch_exceptions=False)
    assert "读取记录" not in checked.stderr and "\r" not in checked.stderr + checked.stdout
