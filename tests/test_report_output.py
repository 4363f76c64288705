"""Where `wutong report` may send its output, and the word it says for a month not yet begun (issue 23).

A PDF or an xlsx workbook goes to a file: with -o, or with standard output redirected (`> 11月月报.pdf`),
which the office's staff type as they would for any other command. Only a terminal refuses it, as before.
"""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import FIXTURES, wutong

SAMPLE_DESK = FIXTURES / "sample_desk"
REPO = Path(__file__).resolve().parent.parent


def _run(stdout, *args: str) -> subprocess.CompletedProcess:
    """`python -m wutong_docs --root sample_desk ARGS` in a real process whose standard output is `stdout`."""
    env = dict(os.environ, WUTONG_NO_CACHE="1", PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "wutong_docs", "--root", str(SAMPLE_DESK), *args],
                          stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=REPO, timeout=300)


@pytest.mark.parametrize(("fmt", "what"), [("pdf", "PDF 月报是打印文件"), ("xlsx", "xlsx 月报是 Excel 文件")])
def test_a_binary_report_to_a_terminal_is_refused_with_the_way_to_write_a_file(fmt, what):
    terminal, other_end = pty.openpty()
    try:
        done = _run(other_end, "report", "--month", "2026-11", "--format", fmt)
    finally:
        os.close(other_end)
        os.close(terminal)
    assert done.returncode == 1
    assert done.stderr.decode() == f"错误：{what}，不能输出到屏幕：请用 -o 写入文件，例如 -o 11月月报.{fmt}\n"


def test_pdf_to_standard_output_redirected_to_a_file_is_written(tmp_path):
    target = tmp_path / "11月月报.pdf"
    with target.open("wb") as out:
        done = _run(out, "report", "--month", "2026-11", "--format", "pdf")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) > 1 and "梧桐墅" in pages[0].extract_text()


def test_pdf_through_click_without_a_terminal_is_the_same_as_with_o(tmp_path):
    piped = wutong(SAMPLE_DESK, "report", "--month", "2026-11", "--format", "pdf")
    assert piped.exit_code == 0, piped.output
    target = tmp_path / "11月月报.pdf"
    written = wutong(SAMPLE_DESK, "report", "--month", "2026-11", "--format", "pdf", "-o", str(target))
    assert written.exit_code == 0
    ours, theirs = PdfReader(io.BytesIO(piped.stdout_bytes)).pages, PdfReader(target).pages
    assert [p.extract_text() for p in ours] == [p.extract_text() for p in theirs]


def test_xlsx_to_standard_output_redirected_to_a_file_is_written(tmp_path):
    target = tmp_path / "11月月报.xlsx"
    with target.open("wb") as out:
        done = _run(out, "report", "--month", "2026-11", "--format", "xlsx")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    book = load_workbook(target)
    assert book.sheetnames[0] == "传递单" and book["人员"]["A1"].value == "员工"


def test_xlsx_through_click_without_a_terminal_is_the_same_as_with_o(tmp_path):
    piped = wutong(SAMPLE_DESK, "report", "--month", "2026-11", "--format", "xlsx")
    assert piped.exit_code == 0, piped.output
    assert piped.stderr == ""
    target = tmp_path / "11月月报.xlsx"
    written = wutong(SAMPLE_DESK, "report", "--month", "2026-11", "--format", "xlsx", "-o", str(target))
    assert written.exit_code == 0
    ours, theirs = load_workbook(io.BytesIO(piped.stdout_bytes)), load_workbook(target)
    assert ours.sheetnames == theirs.sheetnames
    for mine, other in zip(ours.worksheets, theirs.worksheets):
        assert [[c.value for c in row] for row in mine.iter_rows()] == [[c.value for c in row] for row in other.iter_rows()]


def test_xlsx_to_a_terminal_through_click_is_refused(monkeypatch):
    # click's runner captures the output, so the terminal is stood in (a real one: the pty test above)
    monkeypatch.setattr("wutong_docs.cli.report.stdout_is_terminal", lambda: True)
    result = wutong(SAMPLE_DESK, "report", "--month", "2026-11", "--format", "xlsx")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "错误：xlsx 月报是 Excel 文件，不能输出到屏幕：请用 -o 写入文件，例如 -o 11月月报.xlsx\n"


@pytest.fixture
def december_7th(monkeypatch):
    monkeypatch.setattr("wutong_docs.core.dates.now", lambda: datetime(2026, 12, 7, 10, 0))


def test_a_future_month_is_reported_with_a_warning(december_7th):
    result = wutong(SAMPLE_DESK, "report", "--month", "2027-03", "--format", "md")
    assert result.exit_code == 0
    assert result.stderr == "2027-03 还没到：月报只含已有的记录\n"
    assert result.stdout.startswith("# 梧桐墅客服部 2027 年 3 月月报\n")


def test_a_future_month_written_to_a_file_warns_before_naming_the_file(december_7th, tmp_path):
    target = tmp_path / "3月月报.html"
    result = wutong(SAMPLE_DESK, "report", "--month", "2027-03", "-o", str(target))
    assert result.exit_code == 0
    assert result.stderr == f"2027-03 还没到：月报只含已有的记录\n{target}\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("month", ["2026-12", "2026-11"])
def test_this_month_and_past_months_have_no_warning(december_7th, month):
    result = wutong(SAMPLE_DESK, "report", "--month", month, "--format", "md")
    assert result.exit_code == 0
    assert result.stderr == ""
