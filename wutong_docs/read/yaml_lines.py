"""YAML read into plain values that remember the line each was written on (`Doc`).

Why not `yaml.safe_load`: staff need every problem placed at its line, nested
values too, and PyYAML's values have forgotten where they came from. Reading
the nodes ourselves also lets the tool say what PyYAML would hide or get wrong:

- a key written twice is reported (PyYAML silently keeps the last one);
- an unquoted time such as `time: 16:10` stays the text "16:10" (YAML 1.1 reads
  it as the sexagesimal number 970) and is noted for a warning;
- dates stay text, so the record schemas can say which form they expect;
- a file over a bound of limits.py (nesting, values after aliases are
  expanded, length of one value) is refused with one problem, never a hang,
  a crash or a machine out of memory.

There is one way from text to values: libyaml's parser reads the text, its
events are composed into a tree of nodes, and `_Walker` alone turns the tree
into values, records their lines and reports every problem. Only composing
has two engines: libyaml's own composer in C (`get_single_node`) for a text
that can neither nest deep enough to exhaust the C stack, nor hold an alias,
nor hold more values than the bound (`_composable`: nearly every record), and
otherwise `_Composer`, which builds the same tree from the events without
recursion and stops where reading on could only cost (deeper than the bound,
more values than the bound, an alias inside its own anchor, a syntax error),
keeping what it read, so that the walker reports whatever the text holds
before that point, in the order it was written. tests/test_source_paths.py
reads every fixture both ways; tests/test_yaml_lines.py holds the values and
lines to PyYAML's own.

Nothing here knows about record kinds; it returns values and problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from sys import intern
from typing import Any

import yaml
from yaml import MappingNode, ScalarNode, SequenceNode

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from .limits import MAX_DEPTH, MAX_SCALAR_CHARS, MAX_VALUES

try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_WORDS = {"~", "null", "Null", "NULL", "<<", "=", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
          "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"}

Key = tuple  # a path into the document: ("events", 2, "status")


@dataclass
class Doc:
    """One parsed file: its front matter values, body and the line of each value."""

    path: str                      # relative to the repository root, with /
    data: Any = None               # the front matter as plain values
    body: str = ""
    body_line: int = 1             # line where the body starts
    lines: dict[Key, int] = field(default_factory=dict)
    fields: dict[Key, dict[str, int]] = field(default_factory=dict)  # mapping -> its keys' lines
    unquoted_times: set[Key] = field(default_factory=set)

    def line(self, *key) -> int:
        """The line of a value, or of its nearest enclosing value that has one."""
        key = tuple(key)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)


class Written(float):
    """A number that YAML read (`time: 9.40`), which still prints as it was written: 9.40, not 9.4.

    Messages echo a value back to the person who wrote it; a float alone has forgotten
    the trailing zero, so the text is kept beside it.
    """

    def __new__(cls, number: float, text: str):
        self = super().__new__(cls, number)
        self.text = text
        return self

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


@rule(P.YAML_SYNTAX, P.DUPLICATE_KEY, P.YAML_TOO_DEEP, P.YAML_TOO_MANY_VALUES, P.YAML_ALIAS_LOOP, P.VALUE_TOO_LONG, P.BAD_TYPED_VALUE, P.KEY_NOT_TEXT, scope=READ)
def parse_yaml(text: str, rel: str, first_line: int = 1) -> tuple[Doc | None, list[Problem]]:
    """Parse YAML text whose first line is `first_line` of the file.

    A document over one of the bounds in limits.py (nesting, values after
    aliases are expanded, length of one value) is refused whole with one
    problem: its values are never built, so it costs no more than reading it.

    WT003 YAML 语法错误（中文键盘常见的错误另有代码 WT020–WT024）
    处理：按提示的行检查缩进、冒号后的空格和引号是否成对

    WT004 同一字段写了两次
    处理：删去重复的一个；YAML 只会保留后一个，前一个会悄悄丢失

    WT012 YAML 嵌套层数太多
    处理：头信息和 .yml 文件的列表、“字段: 值”最多嵌套 32 层；按模板的写法改正

    WT013 YAML 的值太多（含别名 * 展开后）
    处理：一个文件最多 50,000 个值；不要用 & 和 * 别名，拆分过大的文件

    WT014 YAML 别名引用了它自身
    处理：不要用 & 和 * 别名；把内容直接写出来

    WT015 一个值太长
    处理：头信息中的一个值最多 10,000 个字符；长的内容写进正文

    WT016 值无法按所写的类型读取（如 !!int、超长的数字）
    处理：去掉 !!int、!!float、!!bool 等标记，或给值加上引号写成文字

    WT017 字段名不是文字（是列表或“字段: 值”）
    处理：字段名只写文字，例如 note:；列表和“字段: 值”只能写在冒号后面
    """
    root, stop = _compose(text)
    doc = Doc(path=rel)
    walker = _Walker(doc, first_line - 1)
    try:
        doc.data = walker.walk(root)
    except _Refused as exc:
        return None, [problem(exc.code, rel, exc.line, exc.message)]
    except _Partial:
        pass  # composing stopped inside a mapping, before a value: `stop` says why
    if isinstance(stop, yaml.MarkedYAMLError):
        from .yaml_mistakes import explain  # only a file with a mistake needs its patterns (5 ms to compile)
        return None, [explain(text, stop, rel, first_line)]
    if stop is not None:
        if not isinstance(stop, yaml.YAMLError):  # a bound the walk meets before the end of what was read
            raise AssertionError(f"{rel}: composing stopped at a bound the walk did not report ({stop!r})")
        return None, [problem(P.YAML_SYNTAX, rel, first_line, "YAML 语法错误：无法解析这个文件")]
    if doc.data is None and () not in doc.lines:  # an empty document
        doc.data = {}
        doc.lines[()] = first_line
    return doc, walker.found


# --- text to nodes ----------------------------------------------------------------------------

_RESOLVED: dict[str, str] = {}  # plain text that starts like a number -> its tag


class _Loader(_BaseLoader):
    """YAML 1.1 resolution as PyYAML does it, minus the regex work for plain text.

    Most values in a record are plain Chinese or ASCII text; only a scalar that
    starts like a number or is one of YAML's special words can resolve to
    anything but a string, so only those go through PyYAML's resolver.
    """

    def resolve(self, kind, value, implicit):
        if kind is not ScalarNode:  # nothing registers a path resolver: lists and mappings keep theirs
            return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG
        if not implicit[0]:  # quoted or tagged `!`: text
            return _STR
        if value and value[0] not in "0123456789+-." and value not in _WORDS:
            return _STR
        # dates, times and numbers recur across thousands of records: each is matched against
        # PyYAML's patterns once (the result depends on the text alone once implicit[0] is true)
        tag = _RESOLVED.get(value)
        if tag is None:
            if len(_RESOLVED) >= 1 << 15:  # a few MB at most; the dates of years of records fit
                _RESOLVED.clear()
            tag = _RESOLVED[value] = super().resolve(kind, value, implicit)
        return tag

    def descend_resolver(self, current_parent, current_index):
        pass  # no path resolvers are registered; skip the bookkeeping

    def ascend_resolver(self):
        pass


# At most this many characters that can open a list or mapping (- : ? [ {) for libyaml's composer,
# which recurses in C once per level (about 400 bytes of stack each): a document with no more
# cannot nest deeper than this, which even a 128 KB thread stack holds. Front matter has 20-150
# of them; a desk register or the duty book 300-2,000, and goes to `_Composer`.
_COMPOSE_INDICATORS = 256
# And at most this many commas: every value but the first follows one of those or a comma, at most
# three for each (a mapping, a key and its value), so a text composed in C holds fewer than
# MAX_VALUES: C never composes a flow list of half a million values (2 s and 180 MB) only for the
# walk to refuse it.
_COMPOSE_COMMAS = 16_000


def _composable(text: str) -> bool:
    """Whether `text` may be composed by libyaml in C, found by counting characters, not by parsing.

    Every list or mapping starts with a character of its own among - : ? [ { (the first
    item's dash, the first key's colon, the opening bracket), so a text with at most
    `_COMPOSE_INDICATORS` of them nests at most that deep, and composing it cannot exhaust
    the C stack. A text with & or * anywhere (even in quotes: the count is conservative)
    may hold anchors and aliases, which only `_Composer` keeps apart from what they name.
    """
    if "&" in text or "*" in text:
        return False
    return (text.count("-") + text.count(":") + text.count("?") + text.count("[") + text.count("{")
            <= _COMPOSE_INDICATORS and (len(text) <= _COMPOSE_COMMAS or text.count(",") <= _COMPOSE_COMMAS))


def _compose(text: str) -> tuple[Any, Exception | None]:
    """The node tree of `text` (None when it is empty), and why composing stopped early (None: it did not).

    A text that fails in C is composed again by `_Composer`, which keeps what came
    before the error: a bound exceeded there is what the file is refused for.
    """
    if _composable(text):
        loader = _Loader(text)
        try:
            return loader.get_single_node(), None
        except yaml.YAMLError:
            pass
        finally:
            loader.dispose()
    loader = _Loader(text)
    try:
        composer = _Composer(loader)
        stop = composer.compose()
        return composer.root, stop
    finally:
        loader.dispose()


# What a scalar's node may be: composed in C, a ScalarNode; by `_Composer`, a tuple (value, tag,
# line from 0), all the walker reads of either. Not a node: a desk register has thousands of
# scalars, and a tuple of texts and a number is made fast and is no work for the garbage collector
# (nodes, or the events kept whole, made its parsing a tenth slower than one pass over the events).
_LEAVES = (ScalarNode, tuple)


def _line(leaf) -> int:
    """The line (from 0) a scalar's node starts on."""
    return leaf.start_mark.line if type(leaf) is ScalarNode else leaf[2]


class _Alias:
    """`*name` where `_Composer` met it: the node it stands for, and where it was written.

    Composed in C, an alias is the very node of its anchor and its own line is lost;
    kept apart, the walker can blame an expansion that grows too large on the alias
    that started it, as the message says.
    """

    __slots__ = ("name", "line", "target", "start_mark", "loop")

    def __init__(self, name: str, line: int, target, loop: bool):
        self.name, self.line, self.target, self.loop = name, line, target, loop
        # what it stands for is read, and placed, as written there
        self.start_mark = yaml.Mark("", 0, target[2], 0, None, None) if type(target) is tuple else target.start_mark


class _Hole:
    """The value of a mapping's last key when composing stopped before it: the end of what was read."""

    start_mark = yaml.Mark("", 0, 0, 0, None, None)


_HOLE = _Hole()


class _Bound(Exception):
    """Composing stopped at a bound: what was read already exceeds it, and the walk says where."""


class _Composer:
    """PyYAML's nodes from libyaml's events, with an explicit stack instead of recursion.

    Every node is linked into its parent as it starts, so when reading stops -- a
    syntax error, or a bound exceeded (see `compose`) -- `root` holds everything
    read before that point and the walker reports the first problem in it, as it
    would in a whole file. Aliases become `_Alias` nodes. While a mapping is read
    its value is a flat list, key, value, key, value …, so that every node is
    linked by one `append`; it becomes PyYAML's list of pairs when it closes, or,
    for those still open, when reading stops (a key without its value gets `_HOLE`).
    """

    def __init__(self, loader):
        self.loader, self.root, self.top = loader, None, []  # `top` holds the root once it starts
        self.stack: list[tuple[Any, str | None]] = []  # lists and mappings being read: (node, anchor)
        self.anchors: dict[str, Any] = {}  # name -> its node
        self.open: set[str] = set()        # anchors of lists and mappings still being read

    def compose(self) -> Exception | None:
        """Read the events to the end; why it stopped before (a YAML error or `_Bound`), or None."""
        try:
            stop = self.read()
        except yaml.YAMLError as exc:
            stop = exc
        for node, _ in self.stack:
            if type(node) is MappingNode:
                _pair(node, ended=False)
        self.root = self.top[0] if self.top else None
        return stop

    def read(self) -> Exception | None:
        Scalar, SequenceStart, MappingStart = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
        SequenceEnd, MappingEnd = yaml.SequenceEndEvent, yaml.MappingEndEvent
        resolve, stack, words = self.loader.resolve, self.stack, _WORDS
        append, count, limit, documents = self.top.append, 0, MAX_VALUES, 0
        for event in iter(self.loader.get_event, None):
            kind = type(event)
            if kind is Scalar:  # most events: _Loader.resolve's shortcuts, inline
                value, tag = event.value, event.tag
                if tag is None:
                    if event.implicit[0] and (not value or value[0] in "0123456789+-." or value in words):
                        tag = resolve(ScalarNode, value, event.implicit)
                    else:
                        tag = _STR
                elif tag == "!":
                    tag = resolve(ScalarNode, value, event.implicit)
                node = (value, tag, event.start_mark.line)  # a scalar's node: see _LEAVES
                append(node)
                if event.anchor is not None:
                    self.anchor(event, node)
            elif kind is SequenceStart or kind is MappingStart:
                node = (SequenceNode if kind is SequenceStart else MappingNode)(
                    event.tag, [], event.start_mark, None, event.flow_style)
                append(node)
                if event.anchor is not None:
                    self.anchor(event, node)
                if len(stack) >= MAX_DEPTH:  # the walk refuses this one: nothing deeper is read
                    return _Bound("deeper than MAX_DEPTH")
                stack.append((node, event.anchor))
                append = node.value.append
            elif kind is SequenceEnd or kind is MappingEnd:
                node, anchor = stack.pop()
                if kind is MappingEnd:
                    _pair(node, ended=True)
                if anchor is not None:
                    self.open.discard(anchor)
                append = stack[-1][0].value.append if stack else self.top.append
                continue
            else:
                if kind is yaml.AliasEvent and self.alias(event, append):
                    return _Bound("an alias inside its own anchor")
                if kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                                          "but found another document", event.start_mark)
                continue
            count += 1
            if count > limit:  # the walk counts at least as many: it refuses by here
                return _Bound("more values than MAX_VALUES")
        return None

    def anchor(self, event, node) -> None:
        """Note `&name` on a node just linked (so counted and bounded first); written twice, it stops the reading."""
        if event.anchor in self.anchors:
            raise yaml.composer.ComposerError(None, None, f"found duplicate anchor {event.anchor!r}",
                                              event.start_mark)
        self.anchors[event.anchor] = node
        if type(node) is not tuple:
            self.open.add(event.anchor)

    def alias(self, event, append) -> bool:
        """Link `*name`; True when it is written inside its own anchor, so that reading on would loop."""
        target = self.anchors.get(event.anchor)
        if target is None:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}",
                                              event.start_mark)
        loop = event.anchor in self.open
        append(_Alias(event.anchor, event.start_mark.line, target, loop))
        return loop


def _pair(node, ended: bool) -> None:
    """A mapping's flat key, value, … list as PyYAML's pairs; unended, a last key without its value gets `_HOLE`."""
    flat = node.value
    items = iter(flat)
    pairs = list(zip(items, items))
    if not ended and len(flat) % 2:
        pairs.append((flat[-1], _HOLE))
    node.value = pairs


# --- nodes to values ----------------------------------------------------------------------------

class _Refused(Exception):
    """A document over one of the bounds: the one problem reported instead of its values."""

    def __init__(self, code: str, line: int, message: str):
        super().__init__(message)
        self.code, self.line, self.message = code, line, message


class _Partial(Exception):
    """The walk reached the end of what `_Composer` read before it stopped."""


# short texts (staff ids, units, slip ids, statuses) are shared, one object for each distinct text:
# equal either way, but a validation cache pack then holds each once per folder, not once per use,
# which makes it a third smaller and a fifth quicker to read back (validate/cache.py)
_SHARED_CHARS = 32

_constructor = yaml.constructor.SafeConstructor()
_SCALARS = {
    "int": _constructor.construct_yaml_int,
    "float": _constructor.construct_yaml_float,
    "bool": _constructor.construct_yaml_bool,
    "null": _constructor.construct_yaml_null,
}
_TYPE_NAMES = {"int": "整数", "float": "小数", "bool": "是/否（true/false）", "null": "空值"}


class _Walker:
    """Turns a node tree into plain values, the line of each, and every problem, in the order written.

    An alias is walked into afresh at each place it is used, so every path gets its own
    value and its own lines, as if the anchored text had been written out again; the
    values it adds count towards the bound, which is what stops a "billion laughs".
    A value that is not kept (the second of a duplicate key, a key that is a list, and
    the value of such a key) is still walked, against the same bounds, but what it
    records and reports goes nowhere (`dropped`).
    """

    __slots__ = ("doc", "found", "offset", "count", "expanding", "replaying")

    def __init__(self, doc: Doc, offset: int):
        self.doc, self.found = doc, []
        self.offset = offset + 1  # marks count lines from 0 within the text
        self.count = 0
        self.expanding = None     # (name, line) of the last alias met in the text itself
        self.replaying = 0        # > 0 while walking what an alias stands for

    def walk(self, node) -> Any:
        if node is None:
            return None
        if type(node) in _LEAVES:
            value = self.leaf(node, ())
            self.doc.lines.setdefault((), _line(node) + self.offset)
            return value
        self.doc.lines[()] = node.start_mark.line + self.offset
        return self.collection(node, (), 0)

    def leaf(self, node, key) -> Any:
        if type(node) is ScalarNode:
            value, tag = node.value, node.tag
        else:
            value, tag = node[0], node[1]
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.too_many(_line(node) + self.offset)
        size = len(value)
        if size > MAX_SCALAR_CHARS:
            raise self.too_long(_line(node) + self.offset, value)
        if tag != _STR:
            value = self.scalar(tag, value, key, _line(node) + self.offset)
        elif size <= _SHARED_CHARS:
            value = intern(value)
        return value

    def collection(self, node, key, depth: int) -> Any:
        """The value of a list, mapping or alias at `key`, inside `depth` others; its line is already recorded.

        A mapping's key's line is recorded as its value's line and in `Doc.fields`.
        """
        kind = type(node)
        if kind is not SequenceNode and kind is not MappingNode:
            if kind is _Alias:
                return self.alias(node, key, depth)
            raise _Partial
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.too_many(node.start_mark.line + self.offset)
        if depth >= MAX_DEPTH:
            raise _Refused(P.YAML_TOO_DEEP, node.start_mark.line + self.offset,
                           f"嵌套超过 {MAX_DEPTH} 层（列表、“字段: 值”一层套一层）；请按模板的写法改正")
        lines, offset, leaf, depth = self.doc.lines, self.offset, self.leaf, depth + 1
        if kind is SequenceNode:
            out = []
            for index, child in enumerate(node.value):
                at = key + (index,)
                kind = type(child)
                if kind is ScalarNode or kind is tuple:
                    out.append(leaf(child, at))
                    lines[at] = (child.start_mark.line if kind is ScalarNode else child[2]) + offset
                else:
                    lines[at] = child.start_mark.line + offset
                    out.append(self.collection(child, at, depth))
            return out
        out = {}
        fields = self.doc.fields.setdefault(key, {})
        for name_node, child in node.value:
            kind = type(name_node)
            if kind is not ScalarNode and kind is not tuple:
                name_node = self.odd_key(name_node, depth)
                if name_node is None:  # a list or mapping: reported, and its value not kept
                    self.dropped(child, depth)
                    continue
                kind = type(name_node)
            if kind is ScalarNode:
                name, tag, name_line = name_node.value, name_node.tag, name_node.start_mark.line + offset
            else:
                name, tag, name_line = name_node[0], name_node[1], name_node[2] + offset
            self.count += 1
            if self.count > MAX_VALUES:
                raise self.too_many(name_line)
            if len(name) > MAX_SCALAR_CHARS:
                raise self.too_long(name_line, name)
            name = intern(name) if tag == _STR else self.scalar(tag, name, key, name_line)
            if name in out:
                self.found.append(problem(P.DUPLICATE_KEY, self.doc.path, name_line,
                                          f"字段 {name} 写了两次（第一次在第 {fields[name]} 行）；"
                                          "YAML 只会保留后一个，请删去多余的一个"))
                self.dropped(child, depth)
                continue
            at = key + (name,)
            kind = type(child)
            if kind is ScalarNode or kind is tuple:
                value = leaf(child, at)
            else:
                lines[at] = child.start_mark.line + offset
                value = self.collection(child, at, depth)
            out[name] = value
            lines[at] = fields[name] = name_line
        return out

    def odd_key(self, node, depth: int):
        """The scalar a key that is an alias stands for; None for a key that is a list or mapping (reported)."""
        target = node.target if type(node) is _Alias else node
        if type(target) in _LEAVES:  # `*name:` for a text anchored before
            self.met(node)
            return target
        what = "列表" if type(target) is SequenceNode else "“字段: 值”"
        self.found.append(problem(P.KEY_NOT_TEXT, self.doc.path, target.start_mark.line + self.offset,
                                  f"字段名应是文字，这里写成了{what}；列表和“字段: 值”只能写在冒号后面"))
        self.dropped(node, depth)
        return None

    def alias(self, node: _Alias, key, depth: int) -> Any:
        """What `*name` stands for, walked afresh at `key` (its lines are those of the anchored text)."""
        if node.loop:
            raise _Refused(P.YAML_ALIAS_LOOP, node.line + self.offset,
                           f"别名 *{node.name} 写在它自己的 &{node.name} 之内，"
                           "展开后没有尽头；请把内容直接写出来，不用别名")
        self.met(node)
        self.replaying += 1
        target = node.target
        value = self.leaf(target, key) if type(target) in _LEAVES else self.collection(target, key, depth)
        self.replaying -= 1
        return value

    def met(self, node) -> None:
        """Note an alias written in the text itself: a bound exceeded from here on is blamed on it."""
        if type(node) is _Alias and not self.replaying:
            self.expanding = (node.name, node.line + self.offset)

    def dropped(self, node, depth: int) -> None:
        """Walk a value that is not kept, against the same bounds, into a Doc and problems thrown away."""
        doc, found = self.doc, self.found
        self.doc, self.found = Doc(path=doc.path), []
        if type(node) in _LEAVES:
            self.leaf(node, ())
        else:
            self.collection(node, (), depth)
        self.doc, self.found = doc, found

    def too_many(self, line: int) -> _Refused:
        where = ""
        if self.expanding:
            where, line = f"别名 *{self.expanding[0]} 展开后", self.expanding[1]
        return _Refused(P.YAML_TOO_MANY_VALUES, line,
                        f"{where}值超过 {MAX_VALUES:,} 个；不要用 & 和 * 别名，过大的文件请拆分")

    @staticmethod
    def too_long(line: int, value: str) -> _Refused:
        return _Refused(P.VALUE_TOO_LONG, line,
                        f"这个值有 {len(value):,} 个字符，超过上限 {MAX_SCALAR_CHARS:,}；长的内容请写进正文")

    def scalar(self, tag: str, value: str, key, line: int) -> Any:
        """A scalar whose tag is not text: a number, true/false or null, or the text itself."""
        tag = tag[len(_TAG):] if tag.startswith(_TAG) else "str"
        if tag in ("str", "timestamp"):
            return value
        if tag == "int" and ":" in value:
            self.doc.unquoted_times.add(key)
            return value
        construct = _SCALARS.get(tag)
        if construct is None:
            return value
        try:
            built = construct(yaml.ScalarNode(_TAG + tag, value))
            return Written(built, value) if type(built) is float else built
        # IndexError: `!!int` with nothing after it
        except (ValueError, KeyError, TypeError, OverflowError, IndexError, yaml.YAMLError):
            shown = (value if len(value) <= 20 else value[:20] + "…") or "（空）"
            self.found.append(problem(P.BAD_TYPED_VALUE, self.doc.path, line,
                                      f"{shown} 不能按{_TYPE_NAMES[tag]}读取；"
                                      "去掉 !!int、!!float、!!bool 等标记，或加上引号写成文字"))
            return value
