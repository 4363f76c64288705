"""The command line's shape: one module per command group, and a start that loads none of the library.

Each command lives in wutong_docs/cli/ in the module named after it, so that a newcomer looking
for `wutong report` opens cli/report.py; the library is imported inside each command, so that
`wutong --help` (and the start of every command) loads click and the command line, nothing else.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click

from conftest import REPO
from wutong_docs.cli.main import cli

# the commands whose module is not named after them
SHARED_MODULE = {"build": "site", "serve": "site", "renovation": "desk"}


def commands_below(group: click.Group):
    """Every command and group under `group`, at any depth."""
    for command in group.commands.values():
        yield command
        if isinstance(command, click.Group):
            yield from commands_below(command)


def test_each_command_group_lives_in_the_module_named_after_it():
    for name, command in cli.commands.items():
        module = f"wutong_docs.cli.{SHARED_MODULE.get(name, name)}"
        assert command.callback.__module__ == module, name
        if isinstance(command, click.Group):
            assert {sub.callback.__module__ for sub in commands_below(command)} == {module}, name


def test_the_main_module_holds_only_the_group():
    assert cli.callback.__module__ == "wutong_docs.cli.main"
    assert not any(command.callback.__module__ == "wutong_docs.cli.main" for command in commands_below(cli))


LOADED_BY_HELP = """
import json, sys
before = set(sys.modules)
from wutong_docs.cli.main import cli
cli.main(["--help"], prog_name="wutong", standalone_mode=False)
print(json.dumps(sorted(set(sys.modules) - before)), file=sys.stderr)
"""


def test_help_loads_the_command_line_and_click_only():
    """`wutong --help` in a fresh process: of the package only cli/ and core.dates (the date options' range), and
    of the installed packages only click."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-c", LOADED_BY_HELP], env=env, capture_output=True, text=True,
                            encoding="utf-8", check=True, timeout=60)
    assert "validate" in result.stdout
    loaded = json.loads(result.stderr)
    ours = {m for m in loaded if m.split(".")[0] == "wutong_docs"}
    assert {m for m in ours if not m.startswith("wutong_docs.cli")} <= {"wutong_docs", "wutong_docs.core",
                                                                          "wutong_docs.core.dates"}
    assert {m.split(".")[0] for m in loaded} - set(sys.stdlib_module_names) == {"wutong_docs", "click"}
