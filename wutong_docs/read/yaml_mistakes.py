"""A YAML syntax error said in Chinese, at the line of the mistake, with the fix.

libyaml reports where it gave up, in English, which is often the line after the
mistake (`staff： li-na` on line 3 is reported on line 4). Staff type on a
Chinese keyboard, so most mistakes are one of a few: a full-width colon or
comma, a tab, a value holding ": " without quotes, a quote or bracket left open.
When the parser fails, the text up to where it failed is looked at for those
first, and the first one found is reported on its own line with its own code
and the corrected text; otherwise libyaml's complaint is translated, at the
line that holds the mistake (for "could not find expected ':'", the line where
the key began).

A full-width colon inside `{…}` is no syntax error at all (`by： wang-fang` is
a key with no value); `fields.py` asks `fullwidth_key` about unknown keys.
"""

from __future__ import annotations

import re

import yaml

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule

_NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
_BLOCK_KEY = re.compile(rf"^\s*(?:-\s+)*({_NAME})\s*：\s*(.*)$")
_FLOW_KEY = re.compile(rf"[{{,]\s*({_NAME})\s*：\s*([^,}}]*)")
_FLOW_COMMA = re.compile(rf"，\s*({_NAME})\s*[:：]")
_BLOCK_VALUE = re.compile(rf"^\s*(?:-\s+)*({_NAME}):\s+(?![\"'\[{{|>&*!])(.*?:\s.*?)\s*$")
_FLOW_ITEM = re.compile(rf"^\s*({_NAME}):\s+(?![\"'\[{{])(.*:\s.*?)\s*$")
# `date:2026-12-07`: a key, a colon and no space; not `http://…`, not `09:40`
_NO_SPACE = re.compile(rf"^\s*(?:-\s+)*({_NAME}):(?![\s:/])(\S.*?)\s*$")
# how many lines before the one libyaml gave up on may hold the colon without a space: the
# plain text it starts runs on over the next lines until a ": " there stops the parser
_NO_SPACE_REACH = 20

# libyaml's complaint -> what it means, in Chinese (matched at the start of the complaint)
_SAID = (
    ("could not find expected ':'", "缺少冒号：每行应写成“字段: 值”（英文冒号，后面空一格）"),
    ("mapping values are not allowed", "这里不能出现“: ”：检查这一行是否比上一行多缩进了；值中有冒号时请给整个值加上引号"),
    ("found character that cannot start any token",
     "有不能出现在这里的字符（例如 Tab、@ 或 `）：以这类字符开头的值请加上引号"),
    ("found a tab character", "用了 Tab 键：YAML 只认空格，请把 Tab 换成空格"),
    ("did not find expected key", "缩进不对：同一层的字段应左对齐，列表项以“- ”开头"),
    ("did not find expected ',' or '}'", "{…} 中各项之间应以英文逗号“,”分隔，并以 } 结束"),
    ("did not find expected ',' or ']'", "[…] 中各项之间应以英文逗号“,”分隔，并以 ] 结束"),
    ("did not find expected '-' indicator", "列表项应以“- ”开头，并与上一项对齐"),
    ("did not find expected node content", "这里缺少值"),
    ("block sequence entries are not allowed", "这里不能写列表项“- ”：列表应写在“字段:”的下一行，并比字段多缩进两格"),
    ("found unknown escape character", "双引号中反斜杠 \\ 后面的字符不对：要写反斜杠本身请写 \\\\，或改用单引号"),
    ("found unexpected end of stream", "文件意外结束：检查引号和括号是否成对"),
    ("found undefined alias", "用了别名 *，却没有对应的 &：不要用 & 和 * 别名，把内容直接写出来"),
    ("found duplicate anchor", "同一个 & 锚点写了两次：不要用 & 和 * 别名，把内容直接写出来"),
    ("but found another document", "文件中只能有一份 YAML：删去多出的一行 ---"),
    ("expected <document start>", "多出了内容：检查这一行的缩进和冒号"),
)


def fullwidth_key(name: str) -> tuple[str, str] | None:
    """`by： wang-fang` -> ("by", "wang-fang"): a key typed with a full-width colon, or None."""
    m = _BLOCK_KEY.match(name) if isinstance(name, str) else None
    return (m.group(1), m.group(2).strip()) if m else None


def fullwidth_colon_message(name: str, value: str) -> str:
    """What to say about `name：value`, with the corrected line (shared by the YAML and field stages)."""
    fixed = f"{name}: {value}" if value else f"{name}: "
    return f"字段名 {name} 后面用了中文冒号“：”；请改成英文冒号加一个空格：{fixed}"


def missing_space(text: str) -> tuple[str, str] | None:
    """`date:2026-12-07` -> ("date", "2026-12-07"): a key whose colon has no space after it, or None."""
    m = _NO_SPACE.match(text) if isinstance(text, str) else None
    return (m.group(1), m.group(2)) if m else None


def missing_space_message(name: str, value: str) -> str:
    """What to say about `name:value`, with the corrected line (shared by the YAML and field stages)."""
    return f"{name}:{value} 冒号后面少了一个空格：写成 {name}: {value}"


@rule(P.FULLWIDTH_COLON, P.FULLWIDTH_COMMA, P.TAB_INDENT, P.UNQUOTED_COLON, P.UNCLOSED, P.MISSING_SPACE,
      scope=READ)
def explain(text: str, exc: yaml.MarkedYAMLError, rel: str, first_line: int) -> Problem:
    """The one problem for a YAML syntax error: the mistake found on its own line, else WT003.

    WT020 字段名后面用了中文冒号“：”
    处理：改成英文冒号加一个空格，例如 staff: li-na

    WT021 {…} 或 […] 中用了中文逗号“，”分隔各项
    处理：改成英文逗号“,”

    WT022 用了 Tab 键缩进
    处理：YAML 只认空格：把行首的 Tab 换成空格，与同一层的字段对齐

    WT023 值中含有“: ”却没有加引号
    处理：给整个值加上引号，例如 note: "派工程部: 张师傅"

    WT024 引号或括号没有配对
    处理：在值的末尾补上结束的引号，或在列表末尾补上 ]、}

    WT025 冒号后面少了空格（date:2026-12-07）
    处理：在英文冒号后面空一格，例如 date: 2026-12-07
    """
    lines = text.split("\n")
    context = exc.context or ""
    last = exc.problem_mark.line if exc.problem_mark else len(lines) - 1
    for number, line in enumerate(lines[: last + 1]):
        found = _mistake(line) or (last - number <= _NO_SPACE_REACH and _no_space(lines, number, last, exc))
        if found:
            code, message = found
            return problem(code, rel, first_line + number, message)
    if context.startswith(("while scanning a quoted scalar", "while parsing a flow")) and exc.context_mark:
        number = exc.context_mark.line
        line = lines[number] if number < len(lines) else ""
        if context.startswith("while scanning a quoted scalar"):
            quote = line[exc.context_mark.column] if exc.context_mark.column < len(line) else '"'
            return problem(P.UNCLOSED, rel, first_line + number,
                           f"这一行的引号 {quote} 没有配对：请在值的末尾补上 {quote}")
        for opening, closing in (("[", "]"), ("{", "}")):
            if line.count(opening) > line.count(closing):
                return problem(P.UNCLOSED, rel, first_line + number,
                               f"这一行的 {opening} 没有配对的 {closing}：请在末尾补上 {closing}")
    mark = exc.context_mark if context.startswith("while scanning a simple key") else exc.problem_mark
    line = first_line + (mark.line if mark else 0)
    said = next((chinese for english, chinese in _SAID if english in (exc.problem or "")), "无法解析这一行")
    return problem(P.YAML_SYNTAX, rel, line, f"YAML 语法错误：{said}")


def _mistake(line: str) -> tuple[str, str] | None:
    """The Chinese-keyboard mistake on this line, as (code, message), or None."""
    stripped = line.lstrip(" \t")
    if "\t" in line[: len(line) - len(stripped)]:
        return P.TAB_INDENT, "这一行用了 Tab 键缩进，YAML 只认空格：请把行首的 Tab 换成空格，与同一层的字段对齐"
    if stripped.startswith("#"):
        return None
    m = _BLOCK_KEY.match(line)
    if m:
        return P.FULLWIDTH_COLON, fullwidth_colon_message(m.group(1), m.group(2).strip())
    if "{" in line or "[" in line:
        m = _FLOW_KEY.search(line)
        if m:
            return P.FULLWIDTH_COLON, fullwidth_colon_message(m.group(1), m.group(2).strip())
        m = _FLOW_COMMA.search(line)
        if m:
            return P.FULLWIDTH_COMMA, (f"{m.group(1)} 前面用了中文逗号“，”；{{…}} 和 […] 中的各项"
                                       "要用英文逗号“,”分隔：请把“，”改成“,”")
        inside = line[line.find("{") + 1:] if "{" in line else ""
        for item in inside.rstrip().rstrip("}").split(","):
            m = _FLOW_ITEM.match(item)
            if m:
                return P.UNQUOTED_COLON, _quote_message(m.group(1), m.group(2))
        return None
    m = _BLOCK_VALUE.match(line)
    if m:
        return P.UNQUOTED_COLON, _quote_message(m.group(1), m.group(2))
    return None


def _no_space(lines: list[str], number: int, last: int, exc: yaml.MarkedYAMLError) -> tuple[str, str] | None:
    """WT025 when line `number` is `key:value` and a space after its colon gets the parser past where it stopped.

    `- code:A12` is a valid list item elsewhere, so the line is blamed only when
    the space is what the text lacked: the text with the space added is parsed
    again (libyaml's parser, no values built) and must not stop at or before
    the same line. An alias or anchor problem is no parser error, and is left alone.
    """
    if not isinstance(exc, (yaml.scanner.ScannerError, yaml.parser.ParserError)):
        return None
    found = missing_space(lines[number])
    if not found:
        return None
    line = lines[number]
    colon = line.index(":", len(line) - len(line.lstrip(" -")))
    fixed = "\n".join(lines[:number] + [line[: colon + 1] + " " + line[colon + 1:]] + lines[number + 1:])
    try:
        for _ in yaml.parse(fixed, Loader=_PARSER):
            pass
    except yaml.MarkedYAMLError as again:
        if again.problem_mark is None or again.problem_mark.line <= last:
            return None
    except yaml.YAMLError:
        return None
    return P.MISSING_SPACE, missing_space_message(*found)


_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _quote_message(name: str, value: str) -> str:
    quote = "'" if '"' in value else '"'
    return (f"{name} 的值“{value}”中有“: ”，会被当成新的字段；请给整个值加上引号："
            f"{name}: {quote}{value}{quote}")
