"""wutong_docs/validate/cache_format.py: every value a cache holds comes back exactly, and a file can only ever hold data.

"Exactly" is checked by `same`, which compares types as well as values all the way down
(True == 1 and (1,) != [1] would hide a list read back as a tuple). "Only data" is checked
by feeding `decode` what an attacker could write: pickles, unknown tags, dotted names,
foreign extension types, a class given the wrong number of fields.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import subprocess
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import msgpack
import pytest

from wutong_docs.validate import cache_format as F
from wutong_docs.core.problems import Problem
from wutong_docs.records import KINDS
from wutong_docs.records.common import Ref, Source
from wutong_docs.records.log import DailyLog, Patrol
from wutong_docs.read.yaml_lines import Written


def same(a, b) -> bool:
    """Equal, and of the same type at every level (dict keys and set members included)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(any(same(k, j) and same(v, b[j]) for j in b if j == k) for k, v in a.items())
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (set, frozenset)):
        return a == b and all(any(same(x, y) for y in b if y == x) for x in a)
    if dataclasses.is_dataclass(a):
        return vars(a).keys() == vars(b).keys() and all(same(v, vars(b)[k]) for k, v in vars(a).items())
    if isinstance(a, Written):
        return float(a) == float(b) and a.text == b.text
    if isinstance(a, (datetime, time)):
        return a == b and a.tzinfo == b.tzinfo and a.fold == b.fold and repr(a) == repr(b)
    if isinstance(a, Decimal):
        return str(a) == str(b)
    if isinstance(a, float) and a != a:
        return b != b
    return a == b


def back(value):
    return F.decode(F.encode(value))


VALUES = [
    None, True, False, 0, -1, 2**63 - 1, -2**63, 2**64 - 1, 10**30, -10**30, 1.5, float("inf"), float("nan"),
    "", "汉字", b"\x00\xff", (), (1, (2, (3,))), [], [1, [2, [3]]], ([1], {"k": [2]}), {}, {"": 1},
    {"": "slip.Event", "x": [1]}, {(1, "a"): {2: None}, None: 1, 3.5: "x", date(2026, 1, 1): "d"},
    {"a": {"b": {"c": [{"": ()}]}}}, {1, 2}, frozenset({(1, "a")}), set(), frozenset(),
    date(2026, 11, 27), date.min, date.max, datetime(2026, 11, 27, 9, 30, 1, 7), datetime.min, datetime.max,
    datetime(2026, 11, 27, 9, 30, tzinfo=timezone(timedelta(hours=8))), datetime(2026, 1, 1, tzinfo=timezone.utc),
    datetime(2026, 11, 1, 1, 30, fold=1), time(9, 30), time(0), time(23, 59, 59, 999999), time(9, tzinfo=timezone.utc),
    time(1, 2, fold=1), timedelta(days=-3, seconds=5, microseconds=7), Decimal("1.50"), Decimal("-0"), Decimal("NaN"),
    Written(9.4, "9.40"), [Written(1.0, "1.0"), Decimal("2")],
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_every_kind_of_value_comes_back_exactly(value):
    assert same(back(value), value)
    assert same(back([value, {"v": value}]), [value, {"v": value}])   # nested in a list and a dict too


def test_records_problems_and_references_come_back_as_their_own_classes():
    log = DailyLog.__new__(DailyLog)
    fields = {f.name: None for f in dataclasses.fields(DailyLog)}
    fields.update(source=Source("records/logs/2026/11/2026-11-27-li-na.md", 1), date=date(2026, 11, 27),
                  patrols=(Patrol.__new__(Patrol),), lines={"date": 2, ("patrols", 0, "time"): 5})
    vars(fields["patrols"][0]).update({f.name: f"v{i}" for i, f in enumerate(dataclasses.fields(Patrol))})
    vars(log).update(fields)
    value = (log, (Problem("records/x.md", 3, "error", "WT101", "说明"),), [Ref("staff", "li-na", 4)])
    got = back(value)
    assert same(got, value)
    assert type(got[0]) is DailyLog and type(got[0].patrols[0]) is Patrol and type(got[2][0]) is Ref


def test_the_classes_are_the_record_kinds_own_and_nothing_else():
    classes = F.classes()
    assert {cls for cls, _ in classes.values()} >= {kind.record_type for kind in KINDS} | {Problem, Ref, Source}
    assert all(cls.__module__.startswith("wutong_docs.") for cls, _ in classes.values())
    assert "slip.Event" in classes and "renovation.Event" in classes and "common.Ref" in classes
    for tag, (cls, names) in classes.items():
        assert tag == f"{cls.__module__.rpartition('.')[2]}.{cls.__qualname__}"
        assert names is None or names == tuple(f.name for f in dataclasses.fields(cls))


class Foreign:
    pass


@pytest.mark.parametrize("value", [Foreign(), os.system, subprocess.Popen, type("S", (str,), {})("x"),
                                   type("T", (tuple,), {})((1,)), type("D", (dict,), {})(), {"k": [Foreign()]},
                                   datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=8), "CST")), 1j],
                         ids=repr)
def test_anything_else_cannot_be_written(value):
    with pytest.raises(TypeError):
        F.encode(value)


def test_a_record_with_an_attribute_beyond_its_fields_cannot_be_written():
    source = Source("records/x.md", 1)
    object.__setattr__(source, "extra", 1)
    with pytest.raises(TypeError):
        F.encode(source)


def tagged(*payload) -> bytes:
    return msgpack.packb({"": list(payload)})


class Touch:
    def __reduce__(self):
        return (os.system, ("true",))


@pytest.mark.parametrize("data", [
    pickle.dumps(Touch(), protocol=0), pickle.dumps(Touch(), protocol=2), pickle.dumps(Touch(), protocol=4),
    pickle.dumps({"a": 1}, protocol=5), b"", b"\xc1", msgpack.packb([1, 2])[:-1],
    tagged("os.system"), tagged("echo hi", "os.system"), tagged("wutong_docs.core.output.subprocess.Popen"),
    tagged(["touch", "x"], "subprocess.Popen"), tagged("x", 1, 2, "common.Source"), tagged("x", "common.Source"),
    tagged("a", "b", "c", "d", "common.Ref"), tagged("x", 1, "problems.Problem"), tagged(), tagged(1),
    msgpack.packb({"": "common.Source"}), msgpack.packb({"": ["x", 1, "common.Source"], "y": 1}),
    msgpack.packb(msgpack.ExtType(9, b"")), msgpack.packb(msgpack.ExtType(1, b"\x00")),
    msgpack.packb(msgpack.ExtType(2, b"\x00" * 11)), msgpack.packb(msgpack.ExtType(2, b"\x07\xe8\x00" + b"\x00" * 7)),
    msgpack.packb(msgpack.ExtType(3, b"\xff" * 7)),
    tagged("1" * 5000, "int"), tagged("x", "decimal"), tagged(1, "x", "written"), tagged({"a": 1}, "set"),
    tagged(1, 2, 3, "dict"), tagged("2026-13-01", 0, "datetime"), tagged("09:00", 7, "time"),
], ids=lambda data: repr(data[:40]))
def test_anything_else_is_refused_when_read(data):
    with pytest.raises(F.Refused):
        F.decode(data)


def test_reading_a_class_runs_none_of_its_code(monkeypatch):
    """No __init__, no __post_init__, no __setattr__, no __setstate__: the fields are set as read."""
    def refuse(*args, **kwargs):
        raise AssertionError("the class's own code ran")

    data = F.encode(Source("records/x.md", 1))
    for name in ("__init__", "__setattr__", "__setstate__", "__post_init__", "__getattr__"):
        monkeypatch.setattr(Source, name, refuse, raising=False)
    got = F.decode(data)
    assert type(got) is Source and vars(got) == {"path": "records/x.md", "line": 1}
