"""Shared test helpers: a copy of a fixture repository, and the CLI run as a user would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from wutong_docs.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


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
