"""The two engines that compose YAML into nodes give the same Doc: libyaml's composer in C (fast) and `_Composer`.

A document without anchors and with few nesting characters is composed in C
(`yaml_lines._composable`); everything else, and any text that fails in C, is
composed by `yaml_lines._Composer` from libyaml's events, which alone is safe on
any nesting and keeps aliases apart. One walker turns either tree into values
and problems. These tests read every front matter and .yml file under
tests/fixtures both ways and require identical values (types included), lines,
key lines, unquoted times, problems and body.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wutong_docs.read import files, yaml_lines
from wutong_docs.read.front_matter import parse_markdown
from wutong_docs.read.yaml_lines import parse_yaml

FIXTURES = Path(__file__).parent / "fixtures"
FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and not p.is_symlink() and p.suffix in (".md", ".yml"))

# values the records seldom hold, each of which must read the same from either tree
CASES = [
    "",
    "# only a comment\n",
    "just text\n",
    "16:10\n",
    "- 1\n- 2.50\n- true\n- ~\n- 9:40\n- '9:40'\n- 2026-11-25\n- 0x1F\n- .inf\n- 1_000\n",
    "a: {b: [1, {c: d}], e: []}\nf: {}\n",
    "t: 16:10\nu: [16:10, {v: 9:40}]\n",
    "1: one\n2.5: two\ntrue: three\n~: four\n16:10: five\n",
    "a: !!str 12\nb: !!int '12'\nc: !!float 1\nd: !!bool yes\ne: !custom x\nf: ! 12\n",
    "? complex\n: value\n",
    "<<: {a: 1}\n",
    "- - - deep\n    - er\n  - x\n- y: [z]\n",
    "date: 2026-11-25\nstaff: li-na\npatrols:\n  - time: 9:40\n    note: 巡查正常\n",
    # problems: either tree must give the same ones
    "a: 1\na: 2\n",
    "[a]: 1\n",
    "{a: 1}: 2\n",
    "x: !!int 12abc\n",
    "a: [1\n",
    "--- a\n--- b\n",
    "x: &a 1\ny: *a\n",
    "x: " + "[" * 40 + "]" * 40 + "\n",
    "x: " + "[" * 33 + "]" * 33 + "\n",
    "x: " + "a" * 10_001 + "\n",
    "x:\n" + "".join(f"  k{i}: {i}\n" for i in range(600)),
    "- " * 2000 + "x\n",
]


def typed(value):
    """A value with the type of every part spelled out, so that 1, 1.0, True and Written(1.0) differ."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, repr(value))


def snapshot(result):
    doc, found = result
    problems = [p.as_text() for p in found]
    if doc is None:
        return None, problems
    return (typed(doc.data), list(doc.lines.items()), [(k, list(v.items())) for k, v in doc.fields.items()],
            sorted(doc.unquoted_times, key=repr), doc.body, doc.body_line), problems


def both(read, monkeypatch):
    fast = snapshot(read())
    with monkeypatch.context() as m:
        m.setattr(yaml_lines, "_composable", lambda text: False)
        slow = snapshot(read())
    return fast, slow


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_file_reads_the_same_both_ways(path, monkeypatch):
    text, problems = files.read_text(path, path.name)
    if text is None:
        pytest.skip("not readable as text (a fixture for that)")
    read = (lambda: parse_markdown(text, "r.md")) if path.suffix == ".md" else (lambda: parse_yaml(text, "r.yml"))
    fast, slow = both(read, monkeypatch)
    assert fast == slow


@pytest.mark.parametrize("text", CASES)
def test_every_kind_of_value_reads_the_same_both_ways(text, monkeypatch):
    fast, slow = both(lambda: parse_yaml(text, "r.yml", 3), monkeypatch)
    assert fast == slow


def test_the_sample_records_take_the_fast_path(monkeypatch):
    """Without this the comparison above could pass with the fast path never taken."""
    samples = sorted((FIXTURES / "sample").rglob("*.md"))
    assert len(samples) > 20
    monkeypatch.setattr(yaml_lines, "_Composer", None)  # composed in C, or this fails
    for path in samples:
        text, _ = files.read_text(path, path.name)
        front = text[4:text.index("\n---", 3) + 1]
        assert yaml_lines._compose(front)[1] is None, path
        assert yaml_lines.parse_yaml(front, path.name, 2)[1] == [], path


@pytest.mark.parametrize("text", ["a: '&'\n", "a: 'x*y'\n", "a: b\n" + "- \n" * 256])
def test_anchors_or_many_nesting_characters_are_composed_in_python(text):
    assert not yaml_lines._composable(text)


def test_a_text_with_more_values_than_the_bound_is_never_composed_whole():
    """A flow list of half a million values took 2 s and 180 MB to compose in C; `_Composer` stops at the bound."""
    text = "x: [" + ",".join(["1"] * 500_000) + "]\n"
    assert not yaml_lines._composable(text)
    root, stop = yaml_lines._compose(text)
    assert isinstance(stop, yaml_lines._Bound)
    assert len(root.value[0][1].value) == yaml_lines.MAX_VALUES + 1 - 3  # after the mapping, x and the list
    assert [p.as_text() for p in parse_yaml(text, "r.yml")[1]] == [
        "r.yml:1: error WT013 值超过 50,000 个；不要用 & 和 * 别名，过大的文件请拆分"]
    most = "x: [" + ",".join(["1"] * (yaml_lines._COMPOSE_COMMAS + 1)) + "]\n"
    assert yaml_lines._composable(most) and not yaml_lines._composable(most + ",")


def test_the_deepest_text_let_through_to_c_is_safe_on_a_small_thread_stack():
    """At the bound every indicator nests one level deeper; composed in C on a 128 KB stack, it must not crash."""
    n = yaml_lines._COMPOSE_INDICATORS - 1
    code = (
        "import threading\n"
        "from wutong_docs.read import yaml_lines as source\n"
        "source._Composer = None  # composed in C, or this fails\n"
        "texts = ['x: ' + '[' * DEPTH + ']' * DEPTH + '\\n', '- ' * (DEPTH + 1) + 'x\\n',\n"
        "         'x: ' + '{a: ' * (DEPTH // 2) + '1' + '}' * (DEPTH // 2)]\n"
        "out = []\n"
        "def go():\n"
        "    for t in texts:\n"
        "        assert source._composable(t), t[:20]\n"
        "        assert source._compose(t)[1] is None\n"
        "        out.append([p.code for p in source.parse_yaml(t, 'r.yml')[1]])\n"
        "threading.stack_size(128 * 1024)\n"
        "th = threading.Thread(target=go); th.start(); th.join()\n"
        "print(out)\n"
    ).replace("DEPTH", str(n))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    assert (result.returncode, result.stdout) == (0, "[['WT012'], ['WT012'], ['WT012']]\n"), result.stderr
