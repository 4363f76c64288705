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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from . import problems as P
from .problems import Problem, problem

try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_WORDS = {"~", "null", "Null", "NULL", "<<", "=", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
          "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"}


class _Loader(_BaseLoader):
    """YAML 1.1 resolution as PyYAML does it, minus the regex work for plain text.

    Most values in a record are plain Chinese or ASCII text; only a scalar that
    starts like a number or is one of YAML's special words can resolve to
    anything but a string, so only those go through PyYAML's resolver.
    """

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in "0123456789+-." \
                and value not in _WORDS:
            return _STR
        return super().resolve(kind, value, implicit)

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


def read_text(path: Path | str, rel: str) -> tuple[str | None, list[Problem]]:
    """The file's text with BOM and CRLF removed, or a WT001 problem."""
    with open(path, "rb") as f:
        raw = f.read()
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


def parse_markdown(text: str, rel: str) -> tuple[Doc | None, list[Problem]]:
    """Split front matter from body and parse the front matter."""
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


def parse_yaml(text: str, rel: str, first_line: int = 1) -> tuple[Doc | None, list[Problem]]:
    """Parse YAML text whose first line is `first_line` of the file."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        what = exc.problem or "无法解析"
        return None, [problem(P.YAML_SYNTAX, rel, line,
                              f"YAML 语法错误：{what}；请检查这一行的缩进、冒号后的空格和引号")]
    except yaml.YAMLError as exc:
        return None, [problem(P.YAML_SYNTAX, rel, first_line, f"YAML 语法错误：{exc}")]
    doc = Doc(path=rel)
    found: list[Problem] = []
    if node is None:
        doc.data = {}
        doc.lines[()] = first_line
        return doc, found
    walker = _Walker(doc, first_line - 1, found)
    doc.data = walker.value(node, ())
    return doc, found


class _Walker:
    """Turns libyaml nodes into plain values, recording lines as it goes."""

    def __init__(self, doc: Doc, offset: int, found: list[Problem]):
        self.doc, self.offset, self.found = doc, offset, found

    def value(self, node: yaml.Node, key: Key) -> Any:
        self.doc.lines[key] = node.start_mark.line + 1 + self.offset
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, key + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, key)

    def mapping(self, node: yaml.MappingNode, key: Key) -> dict:
        out: dict = {}
        own = self.doc.fields[key] = {}
        lines = self.doc.lines
        for key_node, value_node in node.value:
            if key_node.tag == _STR:
                name = key_node.value
            elif isinstance(key_node, yaml.ScalarNode):
                name = self.scalar(key_node, key)
            else:
                name = repr(key_node)
            line = key_node.start_mark.line + 1 + self.offset
            if name in out:
                self.found.append(problem(P.DUPLICATE_KEY, self.doc.path, line,
                                          f"字段 {name} 写了两次（第一次在第 {own[name]} 行）；"
                                          "YAML 只会保留后一个，请删去多余的一个"))
                continue
            child = key + (name,)
            if value_node.tag == _STR:  # the common case: plain text on the key's own line
                out[name] = value_node.value
            elif isinstance(value_node, yaml.ScalarNode):
                out[name] = self.scalar(value_node, child)
            else:
                out[name] = self.value(value_node, child)
            lines[child] = own[name] = line
        return out

    def scalar(self, node: yaml.ScalarNode, key: Key) -> Any:
        tag = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else "str"
        if tag in ("str", "timestamp"):
            return node.value
        if tag == "int" and ":" in node.value:
            self.doc.unquoted_times.add(key)
            return node.value
        construct = _SCALARS.get(tag)
        return construct(node) if construct else node.value
