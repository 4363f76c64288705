"""Reading a record file into plain values that remember their line numbers.

Staff edit records by hand on Windows and Linux, so a file may carry a byte-order
mark, CRLF line endings or a GBK encoding; this module accepts the first two and
names the third. YAML is parsed by libyaml (fast) into nodes, and the nodes are
turned into plain Python values here, so that:

- every value keeps the line it was written on (`Doc.lines`), nested ones too;
- a key written twice is reported (PyYAML would silently keep the last one);
- an unquoted time such as `time: 16:10` stays the text "16:10" (YAML 1.1 would
  read it as the sexagesimal number 970) and is noted for a warning;
- dates stay text, so the record schemas can say which form they expect.

Nothing here knows about record kinds; it returns values and problems.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from ..core import problems as P
from .limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_SCALAR_CHARS, MAX_VALUES
from ..core.problems import Problem, problem
from ..core.rules import READ, rule

try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_WORDS = {"~", "null", "Null", "NULL", "<<", "=", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
          "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"}


_RESOLVED: dict[str, str] = {}  # plain text that starts like a number -> its tag


class _Loader(_BaseLoader):
    """YAML 1.1 resolution as PyYAML does it, minus the regex work for plain text.

    Most values in a record are plain Chinese or ASCII text; only a scalar that
    starts like a number or is one of YAML's special words can resolve to
    anything but a string, so only those go through PyYAML's resolver.
    """

    def resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode:  # nothing registers a path resolver: lists and mappings keep theirs
            return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG
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

_FRONT_MATTER = frontmatter.YAMLHandler()
_constructor = yaml.constructor.SafeConstructor()
_SCALARS = {
    "int": _constructor.construct_yaml_int,
    "float": _constructor.construct_yaml_float,
    "bool": _constructor.construct_yaml_bool,
    "null": _constructor.construct_yaml_null,
}
_TAG = "tag:yaml.org,2002:"

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


@rule(P.NOT_UTF8, P.NOT_A_FILE, P.SYMLINK, P.UNREADABLE, P.FILE_TOO_LARGE, scope=READ)
def read_text(path: Path | str, rel: str) -> tuple[str | None, list[Problem]]:
    """The file's text with BOM and CRLF removed, or the problem that kept it from being read.

    Every file the tool reads comes through here, so here is where it refuses
    what it must not follow or wait on: the entry is looked at (lstat) before
    anything is opened, so a symlink is refused wherever it points (a record
    must be a real file in the repository, not a door out of it), a named pipe
    is skipped instead of waited on forever, and a file larger than
    `MAX_FILE_BYTES` is refused without being read whole.

    WT001 文件不是 UTF-8 编码
    处理：用编辑器把文件另存为 UTF-8（Windows 记事本常存成 GBK/ANSI）

    WT008 records/ 下有不是普通文件的东西（命名管道、套接字、设备等），已跳过
    处理：删去它；记录只能是普通文件

    WT009 记录或文件夹是符号链接（快捷方式），不予读取
    处理：删去链接，把真正的文件复制或移动到这个位置，再提交

    WT010 文件或文件夹无法读取（没有权限或读取出错）
    处理：检查文件权限（例如 chmod u+r），或找管理员恢复该文件

    WT011 文件太大
    处理：记录文件不超过 1 MB；大的附件不要写进记录，另行存放并在正文中注明
    """
    raw, found = read_bytes(path, rel)
    if raw is None:
        return None, found
    return decode_text(raw, rel)


def decode_text(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """A file's bytes as text (BOM and CRLF removed), or the problem saying they are not UTF-8.

    Apart from `read_text` so that the loader can look the bytes up in the validation cache
    (`validate_cache.py`) before decoding and parsing them.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        guess = ""
        try:
            raw.decode("gb18030")
            guess = "，看起来是 GBK/GB18030 编码（Windows 记事本的“ANSI”）"
        except UnicodeDecodeError:
            pass
        return None, [problem(P.NOT_UTF8, rel, line,
                              f"文件不是 UTF-8 编码{guess}：第 {exc.start + 1} 个字节无法按 UTF-8 读取；"
                              "请用编辑器“另存为 UTF-8”后再提交")]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def entry_problem(path: Path | str, rel: str) -> Problem | None:
    """Why this entry is not a readable regular file (a link, a pipe, a folder …), or None; nothing is opened."""
    try:
        return _kind_problem(os.lstat(path), path, rel)
    except OSError as exc:
        return _unreadable(exc, path, rel)


def _kind_problem(info: os.stat_result, path, rel: str) -> Problem | None:
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISLNK(info.st_mode):
        return _symlink(path, rel)
    if stat.S_ISDIR(info.st_mode):  # a folder the walk could not enter (loader.discover lists it)
        with os.scandir(path):      # raises, naming why, when it cannot be read
            pass
        return problem(P.NOT_A_FILE, rel, 1, f"{rel} 是文件夹，不是记录文件，已跳过")
    return _not_a_file(info.st_mode, rel)


def read_bytes(path: Path | str, rel: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or the problem that kept them from being read (see `read_text`)."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return None, [_kind_problem(info, path, rel)]
        if info.st_size > MAX_FILE_BYTES:
            return None, [_too_large(info.st_size, rel)]
        # O_NOFOLLOW and O_NONBLOCK: should the entry be swapped for a link or a pipe after the
        # lstat, opening fails or returns at once instead of following it or waiting
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode):
                return None, [_not_a_file(opened.st_mode, rel)]
            raw = _read_fd(fd, opened.st_size)
        finally:
            os.close(fd)
    except OSError as exc:
        if os.path.islink(path):  # O_NOFOLLOW met a link that appeared after the lstat
            return None, [_symlink(path, rel)]
        return None, [_unreadable(exc, path, rel)]
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_large(len(raw), rel)]
    return raw, []


_FIRST_READ = 1 << 14   # read_plain's first read: most records are a few hundred bytes
_PLAIN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))


def read_plain(path: str, dir_fd: int | None = None) -> bytes | None:
    """The bytes of a regular file within the size bound, read at once; None for anything else.

    The validation cache's way (`validate_cache.Cache.unchanged`) for files the folder scan
    already saw as regular files (so no lstat first): open, one read of up to 16 KB (nearly
    every record is smaller), close. Only an empty or a longer read asks fstat what was
    opened (a pipe swapped in reads empty); the opening itself refuses a link (O_NOFOLLOW)
    and never waits (O_NONBLOCK). Anything unusual gives None, and the caller takes
    `read_bytes`'s way, which says what is wrong. With `dir_fd` (an open folder) `path` is a
    name in it, so the path is not walked again for each file.
    """
    try:
        fd = os.open(path, _PLAIN_FLAGS, dir_fd=dir_fd)
    except OSError:
        return None
    try:
        raw = os.read(fd, _FIRST_READ)
        if 0 < len(raw) < _FIRST_READ:
            return raw
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        if raw:
            raw += os.read(fd, info.st_size + 1 - len(raw)) if info.st_size >= len(raw) else b""
    except OSError:
        return None
    finally:
        os.close(fd)
    return raw if len(raw) <= info.st_size else None


def _read_fd(fd: int, size: int) -> bytes:
    """Up to MAX_FILE_BYTES + 1 bytes of an open file whose size was `size` when it was looked at.

    Asks for the size it has (plus one, to see it grew) rather than for the bound:
    a buffer of MAX_FILE_BYTES allocated and shrunk for each of 50,000 small records
    cost more than reading them. A file that grew meanwhile is read on, to the bound,
    in small pieces.
    """
    limit = MAX_FILE_BYTES + 1
    ask, chunks, total = min(size + 1, limit), [], 0
    while total < limit:
        chunk = os.read(fd, ask)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        ask = min(limit - total, 1 << 16)
    return b"".join(chunks)


def _symlink(path, rel: str) -> Problem:
    try:
        target = f"（指向 {os.readlink(path)}）"
    except OSError:
        target = ""
    return problem(P.SYMLINK, rel, 1,
                   f"{rel} 是符号链接{target}，不予读取：记录必须是仓库中的真实文件；"
                   "请删去链接，把文件本身复制或移动到这个位置")


_KINDS = ((stat.S_ISFIFO, "命名管道"), (stat.S_ISSOCK, "套接字"), (stat.S_ISCHR, "字符设备"),
          (stat.S_ISBLK, "块设备"))


def _not_a_file(mode: int, rel: str) -> Problem:
    what = next((name for test, name in _KINDS if test(mode)), "特殊文件")
    return problem(P.NOT_A_FILE, rel, 1, f"{rel} 是{what}，不是普通文件，已跳过；请删去它")


def _too_large(size: int, rel: str) -> Problem:
    return problem(P.FILE_TOO_LARGE, rel, 1,
                   f"文件有 {size:,} 字节，超过上限 {MAX_FILE_BYTES:,} 字节（1 MB），未读取；"
                   "请拆分文件，大的附件另行存放")


def _unreadable(exc: OSError, path, rel: str) -> Problem:
    what = "文件夹" if os.path.isdir(path) else "文件"
    if isinstance(exc, PermissionError):
        why = "没有读取权限；请检查权限（例如 chmod u+r），或找管理员处理"
    elif isinstance(exc, FileNotFoundError):
        why = "不存在（可能刚被删除或移动）"
    else:
        why = f"读取出错（{exc.strerror or exc}）；请检查磁盘，或找管理员恢复该{what}"
    return problem(P.UNREADABLE, rel, 1, f"{what} {rel} 无法读取：{why}")


@rule(P.NO_FRONT_MATTER, scope=READ)
def parse_markdown(text: str, rel: str) -> tuple[Doc | None, list[Problem]]:
    """Split front matter from body and parse the front matter.

    WT002 文件开头没有 YAML 头信息（front matter）
    处理：第一行写 ---，接着写字段，再用一行 --- 结束；可用 wutong new 生成
    """
    if not _FRONT_MATTER.detect(text):
        return None, [problem(P.NO_FRONT_MATTER, rel, 1,
                              "文件开头没有头信息：第一行应为 ---，接着写字段，再用一行 --- 结束"
                              "（可用 wutong new 生成模板）")]
    try:
        fm, body = _FRONT_MATTER.split(text)
    except ValueError:
        return None, [problem(P.NO_FRONT_MATTER, rel, 1,
                              "头信息没有结束：在字段之后加一行 --- 再写正文")]
    start = text.find(fm, 3) if fm else text.find("\n") + 1
    first_line = text.count("\n", 0, start) + 1
    body_start = text.find(body, start + len(fm)) if body else len(text)
    doc, found = parse_yaml(fm, rel, first_line)
    if doc is not None:
        if body.startswith("\n"):  # the newline that ends the closing ---
            body, body_start = body[1:], body_start + 1
        doc.body = body
        doc.body_line = text.count("\n", 0, body_start) + 1
    return doc, found


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
    if _composable(text):
        doc = _compose(text, rel, first_line)
        if doc is not None:
            return doc, []
    doc = Doc(path=rel)
    found: list[Problem] = []
    loader = _Loader(text)
    try:
        doc.data = _Builder(doc, first_line - 1, found).build(loader, text)
    except yaml.MarkedYAMLError as exc:
        from .yaml_mistakes import explain
        return None, [explain(text, exc, rel, first_line)]
    except yaml.YAMLError:
        return None, [problem(P.YAML_SYNTAX, rel, first_line, "YAML 语法错误：无法解析这个文件")]
    except _Refused as exc:
        return None, [problem(exc.code, rel, exc.line, exc.message)]
    finally:
        loader.dispose()
    if doc.data is None and () not in doc.lines:  # an empty document
        doc.data = {}
        doc.lines[()] = first_line
    return doc, found


# At most this many characters that can open a list or mapping (- : ? [ {) for libyaml's composer,
# which recurses in C once per level (about 400 bytes of stack each): a document with no more
# cannot nest deeper than this, which even a 128 KB thread stack holds. Front matter has
# 20-150 of them; the duty book about 400, and goes to the event builder.
_COMPOSE_INDICATORS = 256


def _composable(text: str) -> bool:
    """Whether `text` may be composed by libyaml in C, found by counting characters, not by parsing.

    Every list or mapping starts with a character of its own among - : ? [ { (the first
    item's dash, the first key's colon, the opening bracket), so a text with at most
    `_COMPOSE_INDICATORS` of them nests at most that deep, and composing it cannot exhaust
    the C stack. A text with & or * anywhere (even in quotes: the count is conservative)
    may hold anchors and aliases, whose expansion only the event builder bounds.
    """
    if "&" in text or "*" in text:
        return False
    return (text.count("-") + text.count(":") + text.count("?") + text.count("[") + text.count("{")
            <= _COMPOSE_INDICATORS)


class _Fallback(Exception):
    """The fast path met something only the event builder reports exactly: start over there."""


def _compose(text: str, rel: str, first_line: int) -> Doc | None:
    """The Doc of a clean document, composed by libyaml in C; None for anything else.

    The fast path for `parse_yaml`: the node tree is built in C and walked here
    (`_Walker`) into the same values and lines the event builder gives. A document
    that has any problem at all -- a syntax error, a duplicate key, a bound
    exceeded, a value that cannot be read as its type -- gives None, and
    `parse_yaml` reads it again with the event builder, which alone reports
    problems; so every message comes from one place, and only clean documents
    (all the staff's records) take this path.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        doc = Doc(path=rel)
        found: list[Problem] = []
        doc.data = _Walker(doc, first_line - 1, found).walk(node)
    except (yaml.YAMLError, _Fallback):
        return None
    finally:
        loader.dispose()
    if found:
        return None
    if doc.data is None and () not in doc.lines:  # an empty document
        doc.data = {}
        doc.lines[()] = first_line
    return doc


class _Refused(Exception):
    """A document over one of the bounds: the one problem reported instead of its values."""

    def __init__(self, code: str, line: int, message: str):
        super().__init__(message)
        self.code, self.line, self.message = code, line, message


_EXPECT_KEY = object()  # a mapping waiting for its next key
_DROP = object()        # a mapping whose pending value is dropped (duplicate or non-text key)


class _Open:
    """A list or mapping being built: where it goes, and (for a mapping) the key waiting for its value."""

    __slots__ = ("value", "key", "fields", "name", "name_line", "anchor", "start")

    def __init__(self, value, key, fields, anchor, start):
        self.value, self.key, self.fields = value, key, fields
        self.name, self.name_line = _EXPECT_KEY, 0
        self.anchor, self.start = anchor, start


class _Builder:
    """Turns libyaml's events into plain values, recording lines as it goes.

    Built from the event stream with an explicit stack rather than from
    `yaml.compose`'s node tree, because composing recurses in C: a document
    nested a few thousand levels deep crashes the interpreter before any check
    could run. Here depth, the number of values and the length of each value
    are counted as they are read.

    An alias (`*name`) is expanded by replaying the events of its anchor
    (`&name`), so every path gets its own value and its own lines, as if the
    anchored text had been written out again; the replay counts towards the
    bound on values, which is what stops a "billion laughs". An alias to an
    anchor that is still open refers to itself and is refused.

    A value that is not kept (the second of a duplicate key, the value of a key
    that is a list) is still read, against the same bounds, but records no
    line and reports nothing.
    """

    def __init__(self, doc: Doc, offset: int, found: list[Problem]):
        self.doc, self.offset, self.found = doc, offset, found

    def build(self, loader, text: str) -> Any:
        lines, offset = self.doc.lines, self.offset
        stack: list[_Open] = []
        recorded: list = []            # the document's own events, for replaying anchors
        anchors: dict[str, tuple[int, int] | None] = {}  # name -> slice of `recorded`; None while open
        recording = "&" in text  # no anchor, nothing to replay: keep no events
        sources = [iter(loader.get_event, None)]
        count, root, documents = 0, None, 0
        expanding = None  # the alias in the text whose expansion is being read: (name, line)
        Scalar, SequenceStart, MappingStart = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
        SequenceEnd, MappingEnd, Alias = yaml.SequenceEndEvent, yaml.MappingEndEvent, yaml.AliasEvent
        resolve, ScalarNode = loader.resolve, yaml.ScalarNode
        while sources:
            replaying = len(sources) > 1
            for event in sources[-1]:
                kind = type(event)
                if recording and not replaying:
                    recorded.append(event)
                if kind is Scalar or kind is SequenceStart or kind is MappingStart:
                    count += 1
                    line = event.start_mark.line + 1 + offset
                    if count > MAX_VALUES:
                        where = f"别名 *{expanding[0]} 展开后" if expanding else ""
                        raise _Refused(P.YAML_TOO_MANY_VALUES, expanding[1] if expanding else line,
                                       f"{where}值超过 {MAX_VALUES:,} 个；不要用 & 和 * 别名，过大的文件请拆分")
                    parent = stack[-1] if stack else None
                    if parent is None:
                        key = ()
                    elif parent.fields is None:  # a list
                        key = None if parent.key is None else parent.key + (len(parent.value),)
                    elif parent.name is _EXPECT_KEY:
                        key = _EXPECT_KEY
                    elif parent.name is _DROP or parent.key is None:
                        key = None
                    else:
                        key = parent.key + (parent.name,)
                    if kind is Scalar:
                        value = event.value
                        if len(value) > MAX_SCALAR_CHARS:
                            raise _Refused(P.VALUE_TOO_LONG, line,
                                           f"这个值有 {len(value):,} 个字符，超过上限 {MAX_SCALAR_CHARS:,}；"
                                           "长的内容请写进正文")
                        if event.anchor is not None and not replaying:
                            self.anchor(anchors, event, (len(recorded) - 1, len(recorded)))
                        tag = event.tag
                        if tag is None or tag == "!":
                            tag = resolve(ScalarNode, value, event.implicit)
                        if key is _EXPECT_KEY:
                            name = value if tag == _STR else self.scalar(tag, value, parent.key, line)
                            self.key(parent, name, line)
                            continue
                        if tag != _STR:
                            value = self.scalar(tag, value, key, line)
                    else:
                        if len(stack) >= MAX_DEPTH:
                            raise _Refused(P.YAML_TOO_DEEP, line,
                                           f"嵌套超过 {MAX_DEPTH} 层（列表、“字段: 值”一层套一层）；请按模板的写法改正")
                        if key is _EXPECT_KEY:
                            if parent.key is not None:
                                what = "列表" if kind is SequenceStart else "“字段: 值”"
                                self.found.append(problem(P.KEY_NOT_TEXT, self.doc.path, line,
                                                          f"字段名应是文字，这里写成了{what}；"
                                                          "列表和“字段: 值”只能写在冒号后面"))
                            key = None
                        elif key is not None:
                            lines[key] = line
                        anchor = None
                        if event.anchor is not None and not replaying:
                            anchor = event.anchor
                            self.anchor(anchors, event, None)
                        if kind is MappingStart:
                            fields = {} if key is None else self.doc.fields.setdefault(key, {})
                            stack.append(_Open({}, key, fields, anchor, len(recorded) - 1))
                        else:
                            stack.append(_Open([], key, None, anchor, len(recorded) - 1))
                        continue
                elif kind is SequenceEnd or kind is MappingEnd:
                    done = stack.pop()
                    if done.anchor is not None:
                        anchors[done.anchor] = (done.start, len(recorded))
                    value, key, line = done.value, done.key, 0
                    parent = stack[-1] if stack else None
                    if parent is not None and parent.name is _EXPECT_KEY and parent.fields is not None:
                        parent.name = _DROP  # the collection was a key: reported when it started
                        continue
                elif kind is Alias:
                    span = anchors.get(event.anchor, False)
                    line = event.start_mark.line + 1 + offset
                    if span is False:
                        raise yaml.composer.ComposerError(
                            None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
                    if span is None:
                        raise _Refused(P.YAML_ALIAS_LOOP, line,
                                       f"别名 *{event.anchor} 写在它自己的 &{event.anchor} 之内，"
                                       "展开后没有尽头；请把内容直接写出来，不用别名")
                    if not replaying:
                        expanding = (event.anchor, line)
                    sources.append(iter(recorded[span[0]:span[1]]))
                    break
                else:
                    if kind is yaml.DocumentStartEvent:
                        documents += 1
                        if documents > 1:
                            raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                                              "but found another document", event.start_mark)
                    continue
                # a finished value (a scalar, or a list or mapping just closed) goes into its parent
                if not stack:
                    root = value
                    if key == ():
                        lines.setdefault((), line)
                elif parent.fields is None:
                    parent.value.append(value)
                    if key is not None and line:
                        lines[key] = line
                else:
                    name = parent.name
                    if name is not _DROP:
                        parent.value[name] = value
                        if key is not None:
                            lines[key] = parent.fields[name] = parent.name_line
                    parent.name = _EXPECT_KEY
            else:
                sources.pop()
        return root

    @staticmethod
    def anchor(anchors: dict, event, span) -> None:
        """Register `&name`; written twice, a later alias would be ambiguous, as PyYAML also says."""
        if event.anchor in anchors:
            raise yaml.composer.ComposerError(None, None, f"found duplicate anchor {event.anchor!r}",
                                              event.start_mark)
        anchors[event.anchor] = span

    def key(self, parent: _Open, name, line: int) -> None:
        """A mapping's key was read: remember it, or drop its value if it was written before."""
        if name in parent.value:
            if parent.key is not None:
                self.found.append(problem(P.DUPLICATE_KEY, self.doc.path, line,
                                          f"字段 {name} 写了两次（第一次在第 {parent.fields[name]} 行）；"
                                          "YAML 只会保留后一个，请删去多余的一个"))
            parent.name = _DROP
        else:
            parent.name, parent.name_line = name, line

    def scalar(self, tag: str, value: str, key, line: int) -> Any:
        tag = tag[len(_TAG):] if tag.startswith(_TAG) else "str"
        if tag in ("str", "timestamp"):
            return value
        if tag == "int" and ":" in value:
            if key is not None and key is not _EXPECT_KEY:
                self.doc.unquoted_times.add(key)
            return value
        construct = _SCALARS.get(tag)
        if construct is None:
            return value
        try:
            built = construct(yaml.ScalarNode(_TAG + tag, value))
            return Written(built, value) if type(built) is float else built
        except (ValueError, KeyError, TypeError, OverflowError, yaml.YAMLError):
            if key is not None:
                shown = value if len(value) <= 20 else value[:20] + "…"
                self.found.append(problem(P.BAD_TYPED_VALUE, self.doc.path, line,
                                          f"{shown} 不能按{_TYPE_NAMES[tag]}读取；"
                                          "去掉 !!int、!!float、!!bool 等标记，或加上引号写成文字"))
            return value


# short texts (staff ids, units, slip ids, statuses) are shared, one object for each distinct text:
# equal either way, but a validation cache pack then holds each once per folder, not once per use,
# which makes it a third smaller and a fifth quicker to read back (validate_cache.py)
_SHARED_CHARS = 32


class _Walker:
    """Turns a composed node tree (no anchors, nesting bounded by `_composable`) into plain values.

    It gives exactly what `_Builder` gives for the same clean document: the same
    values, the same `Doc.lines` and `Doc.fields` (in the same order), the same
    unquoted times, through the same `_Builder.scalar`. Whatever `_Builder` would
    report or refuse (a duplicate key, a key that is a list, too deep, too many
    values, a value too long) raises `_Fallback` instead, so that `_Builder` says it.
    """

    def __init__(self, doc: Doc, offset: int, found: list[Problem]):
        self.doc, self.offset, self.found = doc, offset + 1, found
        self.count = 0
        self.scalar = _Builder(doc, offset, found).scalar

    def walk(self, node) -> Any:
        if node is None:
            return None
        line = node.start_mark.line + self.offset
        if type(node) is yaml.ScalarNode:
            value = self.leaf(node, ())
            self.doc.lines.setdefault((), line)
            return value
        self.doc.lines[()] = line
        return self.collection(node, (), 0)

    def leaf(self, node, key) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _Fallback
        value = node.value
        if len(value) > MAX_SCALAR_CHARS:
            raise _Fallback
        if node.tag != _STR:
            value = self.scalar(node.tag, value, key, node.start_mark.line + self.offset)
        elif len(value) <= _SHARED_CHARS:
            value = sys.intern(value)
        return value

    def collection(self, node, key, depth: int) -> Any:
        """The value of a list or mapping at `key`, inside `depth` others; its line is already recorded."""
        self.count += 1
        if depth >= MAX_DEPTH or self.count > MAX_VALUES:
            raise _Fallback
        lines, offset, ScalarNode, depth = self.doc.lines, self.offset, yaml.ScalarNode, depth + 1
        if type(node) is yaml.SequenceNode:
            out = []
            for index, child in enumerate(node.value):
                at = key + (index,)
                if type(child) is ScalarNode:
                    value = self.leaf(child, at)
                    out.append(value)
                    lines[at] = child.start_mark.line + offset
                else:
                    lines[at] = child.start_mark.line + offset
                    out.append(self.collection(child, at, depth))
            return out
        out = {}
        fields = self.doc.fields.setdefault(key, {})
        for name_node, child in node.value:
            if type(name_node) is not ScalarNode:
                raise _Fallback  # a key that is a list or mapping: WT017
            name_line = name_node.start_mark.line + offset
            self.count += 1
            if self.count > MAX_VALUES or len(name_node.value) > MAX_SCALAR_CHARS:
                raise _Fallback
            name = sys.intern(name_node.value) if name_node.tag == _STR else \
                self.scalar(name_node.tag, name_node.value, key, name_line)
            if name in out:
                raise _Fallback  # a key written twice: WT004
            at = key + (name,)
            if type(child) is ScalarNode:
                value = self.leaf(child, at)
            else:
                lines[at] = child.start_mark.line + offset
                value = self.collection(child, at, depth)
            out[name] = value
            lines[at] = fields[name] = name_line
        return out


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


_TYPE_NAMES = {"int": "整数", "float": "小数", "bool": "是/否（true/false）", "null": "空值"}

