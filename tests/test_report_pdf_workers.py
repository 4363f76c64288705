"""The site prints a PDF per month in worker processes (report/pdf_workers.py): the same bytes as printing here."""

from __future__ import annotations

import sys

import pytest

from wutong_docs.outputs.report import pdf_workers
from wutong_docs.outputs.report.pdf import report_pdf

PAGES = [f'<html><body><h1>{n} 月月报</h1><section class="wt-section" id="wt-section-1"><h2>一、投诉与报修</h2>'
         f'<p>本月传递单 {n} 张</p><span id="wt-end-1"></span></section></body></html>' for n in (9, 10, 11)]


@pytest.fixture(scope="module")
def here():
    return [report_pdf(page) for page in PAGES]


def test_workers_give_each_page_its_own_pdf_in_order(here):
    assert pdf_workers.print_all(PAGES) == here
    assert len(set(here)) == 3


def test_a_worker_that_fails_leaves_its_pages_printed_here(here, monkeypatch):
    monkeypatch.setattr(sys, "executable", "/bin/false")   # every worker exits 1 without a word
    assert pdf_workers.print_all(PAGES) == here


def test_a_worker_that_cannot_start_leaves_the_pages_printed_here(here, monkeypatch):
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    assert pdf_workers.print_all(PAGES) == here
