"""Shared test helpers: a copy of a fixture repository, and the CLI run as a user would.

Golden and sample tests read SAMPLE (tests/fixtures/sample/), a frozen copy of the
department's records/ taken in issue 9, never the live records/: the supervisor
edits records/duties.yml and the notices as the department's work changes, and
such an edit must not break a test. The live records/ are validated by one test
only (test_live_records.py). REPO is this checkout, for its source, mkdocs.yml
and handbook/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from wutong_docs.cli.main import cli

# The validation cache (wutong_docs/validate/record_cache.py) is off in the tests: no run writes .wutong-cache/
# into a frozen fixture, and a test that lists the files a command wrote sees only those.
# tests/test_validate_cache.py turns it on where it tests it.
os.environ.setdefault("WUTONG_NO_CACHE", "1")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
SAMPLE = FIXTURES / "sample"


@pytest.fixture(scope="session", autouse=True)
def shared_report_pdf_cache(tmp_path_factory):
    """Every site build of the session shares one cache of 月报 PDFs (report_pages.cache_folder): the same fixture
    month is printed once, not once per build (about 1 s a month)."""
    os.environ["WUTONG_REPORT_PDF_CACHE"] = str(tmp_path_factory.mktemp("report-pdf"))
    yield
    os.environ.pop("WUTONG_REPORT_PDF_CACHE", None)


def copy_fixture(name: str, dest: Path) -> Path:
    shutil.copytree(FIXTURES / name, dest, dirs_exist_ok=True)
    return dest


@pytest.fixture
def good_repo(tmp_path: Path) -> Path:
    """A small valid records repository (tests/fixtures/good) in a temporary folder."""
    return copy_fixture("good", tmp_path / "repo")


def wutong(root: Path, *args: str):
    """Run `wutong --root ROOT ARGS…` and return click's result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(cli, ["--root", str(root), *args], catch_exceptions=False)


def build_site(root: Path, now: str) -> Path:
    """`wutong build` of `root` as if it were `now` (WUTONG_NOW); the built site folder."""
    os.environ["WUTONG_NOW"] = now
    try:
        result = wutong(root, "build")
    finally:
        del os.environ["WUTONG_NOW"]
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per test module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    import probe

    with sync_api.sync_playwright() as pw:
        chromium = probe.launch(pw)
        yield chromium
        chromium.close()
