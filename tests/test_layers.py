"""The package's layers: imports only go down, no module imports itself round a loop, and the tree stays readable.

The layers are the `import-linter` contract in pyproject.toml; grimp (the library it reads the
imports with) counts imports inside functions too. Each check is also run on a copy of the package
with one bad import added, so a check that could never fail would show.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wutong_docs.core import rules

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "wutong_docs"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """`lint-imports` on the package found at `root`, with the contract of `root`/pyproject.toml."""
    env = dict(os.environ, PYTHONPATH=str(root))
    return subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
                           "sys.exit(lint_imports(no_cache=True, no_logo=True))"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)


LOOPS = """
import json, sys
import grimp
graph = grimp.build_graph("wutong_docs", cache_dir=None, exclude_type_checking_imports=True)
index, low, stack, found = {}, {}, [], []
sys.setrecursionlimit(10000)

def visit(module):
    index[module] = low[module] = len(index)
    stack.append(module)
    for imported in graph.find_modules_directly_imported_by(module):
        if imported not in index:
            visit(imported)
            low[module] = min(low[module], low[imported])
        elif imported in stack:
            low[module] = min(low[module], index[imported])
    if low[module] == index[module]:
        component = []
        while True:
            member = stack.pop()
            component.append(member)
            if member == module:
                break
        if len(component) > 1:
            found.append(sorted(component))

for module in sorted(graph.modules):
    if module not in index:
        visit(module)
print(json.dumps(found))
"""


def loops(root: Path) -> list[list[str]]:
    """Every import loop (strongly connected modules) of the package at `root`, imports inside functions counted.

    In a fresh interpreter: grimp finds the package by importing it, and this one has imported the real one.
    """
    env = dict(os.environ, PYTHONPATH=str(root))
    result = subprocess.run([sys.executable, "-c", LOOPS], cwd=root, env=env, capture_output=True, text=True,
                            timeout=300, check=True)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """A copy of the package and its pyproject.toml, to add one bad import to."""
    root = tmp_path_factory.mktemp("scratch")
    shutil.copytree(PACKAGE, root / "wutong_docs", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_layers_contract_is_kept_and_has_no_exceptions():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "ignore_imports" not in text and "unmatched_ignore_imports_alerting" not in text
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(scratch):
    """The scratch test of the contract: a core module that imports the command line fails it."""
    bad = scratch / "wutong_docs/core/scratch_upward.py"
    bad.write_text('"""An upward import."""\n\n\ndef late():\n    """Inside a function, still counted."""\n'
                   "    from ..cli import main\n    return main\n", encoding="utf-8")
    try:
        result = lint_imports(scratch)
    finally:
        bad.unlink()
    assert result.returncode == 1
    assert "wutong_docs.core is not allowed to import wutong_docs.cli" in result.stdout
    assert "wutong_docs.core.scratch_upward -> wutong_docs.cli.main" in result.stdout


def test_no_module_imports_itself_round_a_loop():
    assert loops(REPO) == []


def test_a_loop_inside_one_layer_is_found(scratch):
    """A loop the layers cannot see (both ends in check/) is still found."""
    gap = scratch / "wutong_docs/check/gap.py"
    before = gap.read_text(encoding="utf-8")
    gap.write_text(before + "\n\ndef late():\n    \"\"\"Loops back.\"\"\"\n    from . import duty_gaps\n"
                   "    return duty_gaps\n", encoding="utf-8")
    try:
        found = loops(scratch)
    finally:
        gap.write_text(before, encoding="utf-8")
    assert any({"wutong_docs.check.duty_gaps", "wutong_docs.check.gap"} <= set(loop) for loop in found), found


def test_the_rule_registry_names_every_module_that_holds_rules():
    """A module with `@rule` functions that RULE_MODULES does not name would never be run."""
    holding = sorted("wutong_docs." + p.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")
                     for p in PACKAGE.rglob("*.py") if re.search(r"^@rule\(", p.read_text(encoding="utf-8"), re.M))
    assert sorted(rules.RULE_MODULES) == holding
    assert len(set(rules.RULE_MODULES)) == len(rules.RULE_MODULES)


def test_the_tree_shows_the_architecture():
    """At most four modules at the top, at most ten subpackages, each saying what it may import."""
    top_modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top_modules) <= 4, top_modules
    subpackages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert len(subpackages) <= 10, subpackages
    for name in subpackages:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "imports" in doc, f"{name}/__init__.py: say what lives here and what it may import"


def function_lengths(root: Path):
    """(path, line, name, lines) of every function and method under `root`."""
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield path.relative_to(root).as_posix(), node.lineno, node.name, node.end_lineno - node.lineno + 1


def test_no_function_is_longer_than_80_lines():
    long = [f"{path}:{line} {name} ({n} 行)" for path, line, name, n in function_lengths(PACKAGE) if n > 80]
    assert long == []


def test_a_long_function_is_found(tmp_path):
    (tmp_path / "long.py").write_text("def f():\n" + "    x = 1\n" * 80, encoding="utf-8")
    assert list(function_lengths(tmp_path)) == [("long.py", 1, "f", 81)]
