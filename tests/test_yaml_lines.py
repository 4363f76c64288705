"""yaml_lines reads YAML as PyYAML does, and places every value on the line PyYAML's own nodes give.

The corpus is every YAML front matter and .yml file under tests/fixtures and
records/ (records/ is only read as more input: nothing here depends on what
it holds). A file is compared when PyYAML's `safe_load` reads it without an
error and without a key written twice (PyYAML would silently keep the last),
and yaml_lines does not refuse it for a bound of limits.py (those files are
never given to PyYAML: a "billion laughs" would take it minutes and gigabytes).

For each file compared, composed as `_composable` chooses (nearly always in C) and
composed by `_Composer` alone:

- yaml_lines reports no problem;
- its values equal `yaml.safe_load`'s, but for these documented differences:
  1. a date or a date and time stays the text written (PyYAML: `date`/`datetime`),
     so the record schemas can say which form they expect;
  2. an unquoted time such as 16:10 stays the text written (PyYAML: the
     sexagesimal integer 970), and its path is in `Doc.unquoted_times`;
  3. a number YAML reads as a float is a `Written`, a float that prints as written
     (equal to PyYAML's float);
  4. an empty document is an empty mapping (PyYAML: None);
  5. a merge key `<<` stays a key named "<<" (PyYAML merges the mapping in) --
     no file of the corpus has one; a file that does is not compared;
- the line of every value is the line PyYAML's composer reports for its node
  (`node.start_mark.line + 1`): for an item of a list, the item's node; for a
  mapping's value, its key's node (the line a person looks for, also kept in
  `Doc.fields`); for the whole document, the root node. `Doc.lines` holds
  exactly those paths, no more.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from wutong_docs.read import yaml_lines
from wutong_docs.read.yaml_lines import Written, parse_yaml

REPO = Path(__file__).resolve().parent.parent
BOUNDS = {"WT012", "WT013", "WT014", "WT015"}  # refused whole by yaml_lines: not given to PyYAML


class _Unique(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key written twice instead of keeping the last."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        if len(set(keys)) != len(keys):
            raise yaml.constructor.ConstructorError(None, None, "a key written twice", node.start_mark)
        return super().construct_mapping(node, deep=deep)


def corpus(base: Path) -> list[tuple[Path, str, int]]:
    """(file, YAML text, the file's line of the text's first line) for every front matter and .yml file."""
    found = []
    for path in sorted(base.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.suffix not in (".md", ".yml"):
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError):
            continue
        if path.suffix == ".yml":
            found.append((path, text, 1))
        elif text.startswith("---\n") and "\n---" in text[3:]:
            found.append((path, text[4:text.index("\n---", 3) + 1], 2))
    return found


def pyyaml(text: str):
    """(safe_load's value, the composed root node), or None when PyYAML cannot read it as the test requires."""
    try:
        value = yaml.load(text, Loader=_Unique)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except Exception:  # noqa: BLE001 - any failure of PyYAML's (a YAML error, a date out of range …) skips the file
        return None
    if root is not None and any(n.tag == "tag:yaml.org,2002:merge" for n in nodes(root)):
        return None  # difference 5
    return value, root


def nodes(node, seen=None):
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from nodes(child, seen)
    elif isinstance(node, yaml.MappingNode):
        for key, child in node.value:
            yield from nodes(key, seen)
            yield from nodes(child, seen)


def differences(ours, theirs, path, doc) -> list[str]:
    """Where our value differs from PyYAML's beyond differences 1-3, as readable lines."""
    if isinstance(theirs, dict):
        if not isinstance(ours, dict) or len(ours) != len(theirs):
            return [f"{path}: {ours!r} != {theirs!r}"]
        out = []
        for (name, value), (their_name, their_value) in zip(ours.items(), theirs.items()):
            out += differences(name, their_name, path + ("<key>",), doc)
            out += differences(value, their_value, path + (name,), doc)
        return out
    if isinstance(theirs, list):
        if not isinstance(ours, list) or len(ours) != len(theirs):
            return [f"{path}: {ours!r} != {theirs!r}"]
        return [d for i, (a, b) in enumerate(zip(ours, theirs)) for d in differences(a, b, path + (i,), doc)]
    if isinstance(theirs, (date, datetime)):  # difference 1
        ok = isinstance(ours, str) and yaml.safe_load(ours) == theirs
    elif type(theirs) is int and isinstance(ours, str) and ":" in ours:  # difference 2
        ok = yaml.safe_load(ours) == theirs and (path[-1] == "<key>" or path in doc.unquoted_times)
    elif type(theirs) is float:  # difference 3
        ok = type(ours) is Written and (ours == theirs or math.isnan(ours) and math.isnan(theirs))
    else:
        ok = type(ours) is type(theirs) and ours == theirs
    return [] if ok else [f"{path}: {ours!r} ({type(ours).__name__}) != {theirs!r} ({type(theirs).__name__})"]


def line_differences(doc, root, offset: int) -> list[str]:
    """Where `Doc.lines` and `Doc.fields` differ from the lines of PyYAML's nodes."""
    expected: dict[tuple, int] = {(): root.start_mark.line + 1 + offset}
    fields: dict[tuple, dict] = {}

    def walk(node, value, path):
        if isinstance(node, yaml.MappingNode):
            fields[path] = {}
            for (key, child), (name, inner) in zip(node.value, value.items()):
                expected[path + (name,)] = fields[path][name] = key.start_mark.line + 1 + offset
                walk(child, inner, path + (name,))
        elif isinstance(node, yaml.SequenceNode):
            for i, (child, inner) in enumerate(zip(node.value, value)):
                expected[path + (i,)] = child.start_mark.line + 1 + offset
                walk(child, inner, path + (i,))

    walk(root, doc.data, ())
    out = [f"{key}: line {doc.lines.get(key)} != {line}"
           for key, line in expected.items() if doc.lines.get(key) != line]
    out += [f"{key}: line {line} for no node" for key, line in doc.lines.items() if key not in expected]
    if doc.fields != fields:
        out.append(f"fields {doc.fields} != {fields}")
    return out


def compare(base: Path, monkeypatch, composed_in_c: bool) -> tuple[int, list[str]]:
    """How many files were compared, and every difference found, one line each."""
    if not composed_in_c:
        monkeypatch.setattr(yaml_lines, "_composable", lambda text: False)
    compared, failures = 0, []
    for path, text, first_line in corpus(base):
        doc, found = parse_yaml(text, "r.yml", first_line)
        if any(p.code in BOUNDS for p in found):
            continue
        theirs = pyyaml(text)
        if theirs is None:
            continue
        value, root = theirs
        where = path.relative_to(REPO)
        compared += 1
        if doc is None or found:
            failures.append(f"{where}: {[p.as_text() for p in found]}")
            continue
        if root is None:  # difference 4
            if doc.data != {} or value is not None:
                failures.append(f"{where}: an empty document read as {doc.data!r}")
            continue
        failures += [f"{where}: {d}" for d in differences(doc.data, value, (), doc)]
        failures += [f"{where}: {d}" for d in line_differences(doc, root, first_line - 1)]
    return compared, failures


@pytest.mark.parametrize("composed_in_c", [True, False], ids=["in C where it can", "always by _Composer"])
def test_the_fixtures_read_as_pyyaml_reads_them_on_pyyaml_lines(monkeypatch, composed_in_c):
    compared, failures = compare(REPO / "tests/fixtures", monkeypatch, composed_in_c)
    assert failures == []
    assert compared > 300  # the comparison is not vacuous: most fixtures are clean YAML


@pytest.mark.parametrize("composed_in_c", [True, False], ids=["in C where it can", "always by _Composer"])
def test_the_records_read_as_pyyaml_reads_them_on_pyyaml_lines(monkeypatch, composed_in_c):
    """records/ as more input; what it holds, and how much, may change freely."""
    if not (REPO / "records").is_dir():
        pytest.skip("no records/ folder")
    _, failures = compare(REPO / "records", monkeypatch, composed_in_c)
    assert failures == []


# the documented differences, each shown once on a small text
@pytest.mark.parametrize("text, ours, theirs", [
    ("d: 2026-11-25\n", {"d": "2026-11-25"}, {"d": date(2026, 11, 25)}),
    ("t: 2026-11-25 09:40:00\n", {"t": "2026-11-25 09:40:00"}, {"t": datetime(2026, 11, 25, 9, 40)}),
    ("t: 16:10\n", {"t": "16:10"}, {"t": 970}),
    ("", {}, None),
    ("<<: {a: 1}\n", {"<<": {"a": 1}}, {"a": 1}),
])
def test_each_documented_difference(text, ours, theirs):
    doc, found = parse_yaml(text, "r.yml")
    assert (doc.data, found) == (ours, [])
    assert yaml.safe_load(text) == theirs


def test_a_float_prints_as_written_and_equals_pyyamls():
    doc, _ = parse_yaml("time: 9.40\n", "r.yml")
    assert type(doc.data["time"]) is Written and str(doc.data["time"]) == "9.40"
    assert doc.data["time"] == yaml.safe_load("time: 9.40\n")["time"]


@pytest.mark.parametrize("tag, kind", [("!!int", "整数"), ("!!float", "小数"), ("!!bool", "是/否（true/false）")])
def test_a_type_tag_with_nothing_after_it_is_a_problem_not_a_traceback(tag, kind):
    """`note: !!int` with no value once ended validate with an IndexError from PyYAML's constructor."""
    doc, found = parse_yaml(f"date: 2026-11-25\nnote: {tag}\n", "r.yml", 2)
    assert [p.as_text() for p in found] == [f"r.yml:3: error WT016 （空） 不能按{kind}读取；"
                                            "去掉 !!int、!!float、!!bool 等标记，或加上引号写成文字"]


# The walk reports what the text holds in the order it was written, even when composing stopped
# early (a syntax error, a bound): what comes first wins, as it did when an event builder read it.
LAUGHS = 'a: &a [1,1,1,1,1,1,1,1,1]\n' + "".join(f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n"
                                                 for p, n in zip("abcde", "bcdef"))


@pytest.mark.parametrize("text, found", [
    ("x: " + "长" * 10_001 + "\ny: [\n", [("WT015", 1)]),            # a value too long, then a syntax error
    ("a: b: c\nx: " + "长" * 10_001 + "\n", [("WT023", 1)]),         # a syntax error, then a value too long
    (LAUGHS + "z: [\n", [("WT013", 5)]),                               # an alias bomb, then a syntax error
    ("a: 1\na: 2\nb: [\n", [("WT003", 4)]),                            # a key twice, then a syntax error
    ("a: 1\na: [" + "[" * 40 + "\n", [("WT012", 2)]),                  # too deep inside a dropped value
    ("x: " + "[" * 40 + "\n", [("WT012", 1)]),                         # too deep and never closed
    ("x: &a [1]\ny: &a [2]\n", [("WT003", 2)]),                        # an anchor written twice
    ("x: *a\n", [("WT003", 1)]),                                       # an alias to nothing
    ("a: 1\n---\nb: 2\n", [("WT003", 2)]),                             # a second document
    ("a: &a {b: 1}\n*a : 2\nc: 1\nc: 2\n", [("WT017", 1), ("WT004", 4)]),  # an alias to a mapping as a key
    ("x: &a\n  y: [1, *a]\n", [("WT014", 2)]),                         # an alias inside its own anchor
])
def test_what_comes_first_in_the_text_is_what_is_reported(text, found):
    for composable in (True, False):
        with pytest.MonkeyPatch.context() as m:
            if not composable:
                m.setattr(yaml_lines, "_composable", lambda text: False)
            assert [(p.code, p.line) for p in parse_yaml(text, "r.yml")[1]] == found
