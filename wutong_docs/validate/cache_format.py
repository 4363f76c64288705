"""What a cache file may hold, and the one way to write it and read it back: data, never code.

Why: a cache file sits in the repository's folder (`.wutong-cache/`), where anyone who
can put a file there (a commit made with `git add -f`, a copied folder) can plant one.
The validation cache was a pickle, and unpickling builds whatever the file names and
calls it: a planted pack made `wutong validate` run a command. Here a file is MessagePack
(`msgpack`), whose reader builds only plain values: None, bool, int, float, str, bytes,
tuples and dicts. Everything else is written as a map with the one key "" (`MARK`) whose
value is an array ending with a tag (`{"": [*payload, tag]}`), and `decode` turns such a
map back into a value through `_DECODE`, a table of this module's own functions, or:
- wutong's record and value classes (`classes`): the dataclasses and named tuples of the
  record kinds' own modules (`records.KINDS`), `Source`, `Ref` and `Problem`, each named
  by its module's last part and its class name ("slip.Event"), its fields' values in the
  order of its fields. The object is made with `object.__new__` and its `__dict__` filled
  with its fields, so no code of the class runs (no `__init__`, no `__post_init__`, no
  `__setattr__`, no `__setstate__`) and no class outside that list can be named: names come
  from the code, and a file only chooses among them;
- dates, datetimes and times without a time zone are MessagePack extension values of their
  own (`_ext`); the others (with a fixed UTC offset, as YAML writes them), Decimals, lists,
  sets, frozensets, ints too large for MessagePack and `yaml_lines.Written` numbers are tagged.
A record's own mapping that has a key "" is written tagged too ("dict"), so that no data
can pass for a tag. Anything else (a class not in the list, a str, dict or tuple subclass,
a named time zone) cannot be written: `encode` raises TypeError and the caller keeps
nothing, which only costs time.

Reading is one `msgpack.unpackb` pass with a small hook per map and per date; at 50,000
records it takes about 1.5 times as long as unpickling did, about 0.3 s more (README,
校验缓存). A file that does not decode, has an unknown tag or extension, or gives a class
the wrong number of values is refused whole (`Refused`): the caller ignores it and builds
it again. What a well-formed file says is believed: that is why a cache Git tracks is never
read (`cache.usable`), and why the server's hook runs with `--no-cache`. Reading the file from
disk and checking its header and checksum are every cache's business (`cache.py`).
"""

from __future__ import annotations

import dataclasses
import struct
import sys
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from functools import lru_cache

import msgpack

MARK = ""   # the one key of a tagged map
# extension types: a date (its ordinal), a naive datetime (the 10 bytes it pickles as: year, month and fold,
# day, hour, minute, second, microsecond) and a naive time (its fields, packed)
_DATE, _DATETIME, _TIME = 1, 2, 3
_TIME_BYTES = struct.Struct(">BBBI")
_EXT = msgpack.ExtType._make   # an ExtType without ExtType.__new__'s checks in Python (its values are ours)


class Refused(ValueError):
    """The bytes are not a cache file this module wrote: not MessagePack, an unknown tag, a class's wrong values."""


# -- the classes a cache may hold -------------------------------------------------------------------
@lru_cache(maxsize=1)
def classes() -> dict[str, tuple[type, tuple[str, ...] | None]]:
    """Tag -> (class, its field names in order; None for a named tuple) of every class a cache may hold.

    Built from the code, never from a file: the record kinds' own modules (each `Kind`'s
    `record_type` says which module), plus what every kind shares. Only classes defined in
    those modules count, and only dataclasses that keep their fields in `__dict__`.
    """
    from ..core.problems import Problem
    from ..records import KINDS
    from ..records.common import Ref, Source

    candidates = [Problem, Ref, Source]
    for name in sorted({kind.record_type.__module__ for kind in KINDS}):
        candidates += [value for value in vars(sys.modules[name]).values()
                       if isinstance(value, type) and value.__module__ == name]
    found: dict[str, tuple[type, tuple[str, ...] | None]] = {}
    for cls in candidates:
        tag = f"{cls.__module__.rpartition('.')[2]}.{cls.__qualname__}"
        if dataclasses.is_dataclass(cls) and "__slots__" not in vars(cls):
            found[tag] = (cls, tuple(f.name for f in dataclasses.fields(cls)))
        elif issubclass(cls, tuple) and hasattr(cls, "_fields"):
            found[tag] = (cls, None)
    return found


# -- writing ----------------------------------------------------------------------------------------
_TAGS: dict[type, tuple[str, tuple[str, ...] | None]] = {}   # class -> (tag, field names), filled by `encode`
_WRITE: dict[type, object] = {}                              # type -> its writer (`_writers`), likewise


def encode(value) -> bytes:
    """`value` as MessagePack, every non-plain part tagged; TypeError when it holds anything a cache may not."""
    if not _TAGS:
        _TAGS.update({cls: (tag, names) for tag, (cls, names) in classes().items()})
        _WRITE.update(_writers())
    return msgpack.packb(_exact(value), default=_tagged, use_bin_type=True, strict_types=True)


def _tagged(value):
    """The MessagePack form of a value msgpack does not write itself (`strict_types`: only exact plain types).

    It runs for every tuple, record object and date of a pack (750,000 at 50,000 records): kept short.
    """
    kind = type(value)
    if kind is tuple:   # read back as a tuple (`use_list=False`)
        return _seen_into(value) if _nests(value) else list(value)
    known = _TAGS.get(kind)
    if known is None:
        writer = _WRITE.get(kind)
        if writer is None:
            raise TypeError(f"a cache cannot hold a {kind.__module__}.{kind.__qualname__}")
        return writer(value)
    tag, names = known
    if names is None:
        return _tag(tag, *value)
    own = vars(value)
    if tuple(own) != names:
        raise TypeError(f"{tag} has attributes other than its fields")
    values = _seen_into(own.values()) if _nests(own.values()) else list(own.values())
    values.append(tag)
    return {MARK: values}


def _seen_into(values) -> list:
    """`values` as a list, each list and dict among them passed through `_exact`."""
    return [_exact(item) if type(item) in _NESTED else item for item in values]


def _tag(tag: str, *payload) -> dict:
    """`{"": [*payload, tag]}`; the payload is seen into by `_exact`, as msgpack writes the list itself."""
    return {MARK: [*_seen_into(payload), tag] if _nests(payload) else [*payload, tag]}


_NESTED = frozenset({list, dict})


def _nests(values) -> bool:
    """Whether any of `values` is a list or a dict: msgpack writes those itself, without asking `_tagged`."""
    return not _NESTED.isdisjoint(map(type, values))


def _exact(value):
    """`value`, or a copy of it in which every list and every dict with a key "" (however deep) is tagged.

    msgpack writes an exact list or dict itself, without asking `_tagged`, and the reader
    makes every array a tuple and takes every map with a key "" for a tagged one. Every list
    and dict a cache holds passes here (`_tagged` and `_tag` send each one they hand to msgpack).
    """
    kind = type(value)
    if kind is list:
        return _tag("list", *value)
    if kind is dict:
        if MARK in value:
            return _tag("dict", *(item for pair in value.items() for item in pair))
        if _nests(value.values()):
            return {key: _exact(item) if type(item) in _NESTED else item for key, item in value.items()}
    return value


def _zone(value) -> None:
    """Refuse a time zone that the ISO form would not bring back: only fixed offsets with their usual name."""
    zone = value.tzinfo
    if zone is not None and (type(zone) is not timezone or zone != timezone(zone.utcoffset(None))
                             or zone.tzname(None) != timezone(zone.utcoffset(None)).tzname(None)):
        raise TypeError("a cache holds only fixed UTC offsets")


def _write_datetime(value: datetime):
    if value.tzinfo is None:   # nearly every one: its own 10 bytes (`_ext`)
        return _EXT((_DATETIME, value.__reduce_ex__(4)[1][0]))   # with its fold (protocol 4)
    _zone(value)
    return _tag("datetime", value.isoformat(), value.fold)


def _write_time(value: time):
    if value.tzinfo is None and not value.fold:
        return _EXT((_TIME, _TIME_BYTES.pack(value.hour, value.minute, value.second, value.microsecond)))
    _zone(value)
    return _tag("time", value.isoformat(), value.fold)


def _write_written(value):
    if vars(value).keys() != {"text"}:
        raise TypeError("a Written number with other attributes")
    return _tag("written", float(value), value.text)


def _writers() -> dict:
    """type -> how it is written, for the values neither msgpack nor `classes` covers."""
    from ..read.yaml_lines import Written

    return {
        int: lambda value: _tag("int", str(value)),   # only those msgpack cannot write (past 64 bits)
        date: lambda value: _EXT((_DATE, value.toordinal().to_bytes(3, "big"))),
        datetime: _write_datetime,
        time: _write_time,
        timedelta: lambda value: _tag("timedelta", value.days, value.seconds, value.microseconds),
        Decimal: lambda value: _tag("decimal", str(value)),
        set: lambda value: _tag("set", *value),
        frozenset: lambda value: _tag("frozenset", *value),
        Written: _write_written,
    }


# -- reading ----------------------------------------------------------------------------------------
_CLASSES: dict[str, tuple[type, tuple[str, ...] | None]] = {}   # `classes()`, filled on the first `decode`
_MADE: dict[tuple[int, bytes], date | time] = {}   # the dates and times read so far, by their bytes (`_ext`)


def decode(data: bytes):
    """The value `encode` wrote into `data`; Refused when it is anything else."""
    if not _CLASSES:
        _CLASSES.update(classes())
    try:
        return msgpack.unpackb(data, object_hook=_untagged, ext_hook=_ext, use_list=False, strict_map_key=False,
                               raw=False)
    except Refused:
        raise
    except Exception as exc:  # msgpack's own errors, bad UTF-8, an unhashable key, a tag's bad values
        raise Refused(f"not a cache file: {type(exc).__name__}: {exc}") from None


def _untagged(mapping: dict, _classes=_CLASSES, _new=object.__new__):
    """A map as read: plain, or the value its tag names (a record class, a list …).

    It runs for every map of a file (350,000 at 50,000 records), hence the names bound as defaults.
    A tagged value that is not a non-empty array fails on `[-1]` or on its tag (`decode` refuses it).
    """
    tagged = mapping.get(MARK)
    if tagged is None:
        return mapping
    known = _classes.get(tagged[-1])
    if known is None or len(mapping) != 1:
        return _read(mapping, tagged)
    cls, names = known
    if names is None or len(tagged) != len(names) + 1:
        return _read(mapping, tagged)
    made = _new(cls)
    made.__dict__.update(zip(names, tagged))   # the fields as read (the tag, last, is left out); no code of the class runs
    return made


def _read(mapping: dict, tagged):
    """A tagged value other than a dataclass: a named tuple, a list, a Decimal …; Refused when it is not one."""
    if len(mapping) != 1 or type(tagged) is not tuple:
        raise Refused("a tagged map that is not one")
    tag = tagged[-1]
    known = _CLASSES.get(tag)
    if known is not None:
        cls, names = known
        if names is None and len(tagged) == len(cls._fields) + 1:
            return tuple.__new__(cls, tagged[:-1])
        raise Refused(f"{tag}: wrong number of values")
    read = _DECODE.get(tag)
    if read is None:
        raise Refused(f"unknown tag {tag!r}")
    return read(*tagged[:-1])


def _ext(code: int, data: bytes, _made=_MADE, _datetime=datetime):
    """A datetime, a date or a time (without a time zone).

    A datetime is made from its 10 bytes by datetime's own C constructor, as unpickling made it
    (it checks the length and the month; other fields out of range make an odd datetime, never
    run anything). Each distinct date and time is made once and then looked up by its bytes
    (`_MADE`: five years hold about 1,600 dates and 400 times, in 60,000 places).
    """
    if code == _DATETIME:
        if len(data) != 10:
            raise Refused("not a datetime")
        return _datetime(data)
    made = _made.get((code, data))
    if made is not None:
        return made
    if code == _DATE and len(data) == 3:
        made = date.fromordinal(int.from_bytes(data, "big"))
    elif code == _TIME and len(data) == _TIME_BYTES.size:
        made = time(*_TIME_BYTES.unpack(data))
    else:
        raise Refused(f"an unknown extension type {code}")
    if len(_made) > 1 << 14:
        _made.clear()
    _made[code, data] = made
    return made


def _read_written(number, text):
    from ..read.yaml_lines import Written

    if type(number) is not float or type(text) is not str:
        raise Refused("not a Written number")
    return Written(number, text)


def _read_zoned(kind, text, fold):
    if type(text) is not str or fold not in (0, 1):
        raise Refused(f"not a {kind.__name__}")
    return kind.fromisoformat(text).replace(fold=fold)


def _read_dict(*items) -> dict:
    if len(items) % 2:
        raise Refused("a dict with a key and no value")
    return dict(zip(items[0::2], items[1::2]))


def _text(read):
    """`read` of the value's one str."""
    def reader(*payload):
        if len(payload) != 1 or type(payload[0]) is not str:
            raise Refused("a tagged value that is not one str")
        return read(payload[0])
    return reader


_DECODE = {
    "list": lambda *items: list(items),
    "set": lambda *items: set(items),
    "frozenset": lambda *items: frozenset(items),
    "dict": _read_dict,
    "int": _text(int),        # int() refuses more than 4,300 digits
    "decimal": _text(Decimal),
    "timedelta": lambda days, seconds, micro: timedelta(days, seconds, micro),
    "datetime": lambda text, fold: _read_zoned(datetime, text, fold),
    "time": lambda text, fold: _read_zoned(time, text, fold),
    "written": _read_written,
}
