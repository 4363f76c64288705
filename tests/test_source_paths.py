"""The two ways `parse_yaml` reads YAML give the same Doc: libyaml's composer (fast) and the event builder.

A clean document without anchors and with few nesting characters is composed in
C and walked (`source._compose`); everything else, and anything the walk finds a
problem in, is read by the event builder (`source._Builder`), which alone is safe
on any nesting and alone reports problems. These tests read every front matter
and .yml file under tests/fixtures both ways and require identical values (types
included), lines, key lines, unquoted times, problems and body.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wutong_docs.read import source
from wutong_docs.read.source import parse_markdown, parse_yaml

FIXTURES = Path(__file__).parent / "fixtures"
FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and not p.is_symlink() and p.suffix in (".md", ".yml"))

# values the records seldom hold, each of which the walk must read as the builder does
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
    # problems: the walk hands these to the builder
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
        m.setattr(source, "_composable", lambda text: False)
        slow = snapshot(read())
    return fast, slow


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_file_reads_the_same_both_ways(path, monkeypatch):
    text, problems = source.read_text(path, path.name)
    if text is None:
        pytest.skip("not readable as text (a fixture for that)")
    read = (lambda: parse_markdown(text, "r.md")) if path.suffix == ".md" else (lambda: parse_yaml(text, "r.yml"))
    fast, slow = both(read, monkeypatch)
    assert fast == slow


@pytest.mark.parametrize("text", CASES)
def test_every_kind_of_value_reads_the_same_both_ways(text, monkeypatch):
    fast, slow = both(lambda: parse_yaml(text, "r.yml", 3), monkeypatch)
    assert fast == slow


def test_the_sample_records_take_the_fast_path():
    """Without this the comparison above could pass with the fast path never taken."""
    samples = sorted((FIXTURES / "sample").rglob("*.md"))
    assert len(samples) > 20
    for path in samples:
        text, _ = source.read_text(path, path.name)
        front = text[4:text.index("\n---", 3) + 1]
        assert source._compose(front, path.name, 2) is not None, path


@pytest.mark.parametrize("text", ["a: '&'\n", "a: 'x*y'\n", "a: b\n" + "- \n" * 256])
def test_anchors_or_many_nesting_characters_keep_to_the_event_builder(text):
    assert not source._composable(text)


def test_the_deepest_text_let_through_to_c_is_safe_on_a_small_thread_stack():
    """At the bound every indicator nests one level deeper; composed in C on a 128 KB stack, it must not crash."""
    n = source._COMPOSE_INDICATORS - 1
    code = (
        "import threading\n"
        "from wutong_docs.read import source\n"
        "texts = ['x: ' + '[' * DEPTH + ']' * DEPTH + '\\n', '- ' * (DEPTH + 1) + 'x\\n',\n"
        "         'x: ' + '{a: ' * (DEPTH // 2) + '1' + '}' * (DEPTH // 2)]\n"
        "out = []\n"
        "def go():\n"
        "    for t in texts:\n"
        "        assert source._composable(t), t[:20]\n"
        "        assert source._compose(t, 'r.yml', 1) is None\n"
        "        out.append([p.code for p in source.parse_yaml(t, 'r.yml')[1]])\n"
        "threading.stack_size(128 * 1024)\n"
        "th = threading.Thread(target=go); th.start(); th.join()\n"
        "print(out)\n"
    ).replace("DEPTH", str(n))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    assert (result.returncode, result.stdout) == (0, "[['WT012'], ['WT012'], ['WT012']]\n"), result.stderr
