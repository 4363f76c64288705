"""What a record's Markdown body may hold, so that rendering it stays cheap.

The site renders bodies with Python-Markdown (`site/escape.py`) and notices with
markdown-it (`notices/html.py`). Both are fine on what staff write, and both
have inputs that make them slow or crash, all found by benchmarks/bench_hostile.py:

- lists and block quotes nested a few hundred deep: Python-Markdown recurses
  per level (RecursionError at ~500) and markdown-it takes quadratic time;
- `[` or `(` left open: Python-Markdown looks for the closing bracket from each
  one to the end of the paragraph, so 8,000 of them take half a minute;
- many inline marks in one paragraph (`*`, `_`, `&`, `<`, quotes, backticks):
  Python-Markdown rebuilds the paragraph's text after each one, so the cost is
  their number times the paragraph's length;
- a link address of tens of thousands of characters without a space:
  markdown-it normalises it in quadratic time (49,000 characters take 3 s);
- sheer length: about 1 s per 50,000 characters of table rows.

So validate refuses the body (the record is not built, and the site and
notices are never asked to render it) when it is longer than MAX_BODY_CHARS,
when a line opens more than MAX_MARKDOWN_DEPTH lists or quotes, when a
paragraph leaves more than MAX_BRACKET_DEPTH brackets open, when a link
address is longer than MAX_LINK_CHARS, or when a paragraph's inline marks
times its length exceed MARKS_BUDGET. Each check is a
few passes of C-level string methods over the body, and is skipped when a
cheaper bound already shows it cannot fail.
"""

from __future__ import annotations

import re

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from .limits import MARKS_BUDGET, MAX_BODY_CHARS, MAX_BRACKET_DEPTH, MAX_LINK_CHARS, MAX_MARKDOWN_DEPTH

# a line's leading list markers and quote marks: "  - > 1. text" opens three containers
_CONTAINERS = re.compile(r"^([ \t]*)((?:(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*)+)", re.M)
_MARKER = re.compile(r">|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")
_LONG_PREFIX = re.compile(r"^[ \t>*+\-0-9.)]{%d}" % (MAX_MARKDOWN_DEPTH // 2 + 1), re.M)
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_BRACKETS = re.compile(r"[\[\]()]")
_LONG_LINK = re.compile(r"\]\(|\]:")
_ADDRESS = re.compile(r"[ \t]*<?[^\s)<>]{%d}" % (MAX_LINK_CHARS + 1))
# what Python-Markdown's inline patterns match on (after escaping, < > & " ' are entities)
_MARKS = "*_`&<>\"'\\[]!"


@rule(P.BODY_TOO_LONG, P.MARKDOWN_TOO_DEEP, scope=READ)
def check_body(body: str, rel: str, first_line: int) -> list[Problem]:
    """Problems that make a body too costly to render; empty for every body staff write.

    WT018 正文太长
    处理：正文最多 50,000 个字符；拆成几份记录，或把附件另行存放

    WT019 正文的 Markdown 嵌套太深或符号太多，排版会非常慢
    处理：列表、引用（>）最多嵌套 16 层；一段中没配对的 [ 和 ( 最多 16 个；链接地址最长 2,000 个字符；很长的一段请空行分段，少用 * _ [ ] 等符号
    """
    if len(body) > MAX_BODY_CHARS:
        return [problem(P.BODY_TOO_LONG, rel, first_line,
                        f"正文有 {len(body):,} 个字符，超过上限 {MAX_BODY_CHARS:,}；"
                        "请拆成几份记录，大的附件另行存放")]
    return [*_nesting(body, rel, first_line), *_links(body, rel, first_line),
            *_paragraphs(body, rel, first_line)][:1]


def _links(body: str, rel: str, first_line: int) -> list[Problem]:
    if len(body) <= MAX_LINK_CHARS:
        return []
    for m in _LONG_LINK.finditer(body):
        if _ADDRESS.match(body, m.end()):
            return [problem(P.MARKDOWN_TOO_DEEP, rel, first_line + body.count("\n", 0, m.start()),
                            f"链接地址（]( 或 ]: 之后）超过 {MAX_LINK_CHARS:,} 个字符且中间没有空格；"
                            "请缩短链接，或在 ] 之后加空格，把文字和链接分开")]
    return []


def _nesting(body: str, rel: str, first_line: int) -> list[Problem]:
    if not _LONG_PREFIX.search(body):  # a level takes at least half a character (a tab is two)
        return []
    for m in _CONTAINERS.finditer(body):
        end = body.find("\n", m.start())
        if _THEMATIC_BREAK.match(body, m.start(), len(body) if end < 0 else end):
            continue  # "- - -" and "* * *" are rules, not lists
        indent = len(m.group(1).expandtabs(4))
        depth = indent // 2 + len(_MARKER.findall(m.group(2)))
        if depth > MAX_MARKDOWN_DEPTH:
            line = first_line + body.count("\n", 0, m.start())
            return [problem(P.MARKDOWN_TOO_DEEP, rel, line,
                            f"这一行的列表或引用（>）嵌套了约 {depth} 层，超过上限 {MAX_MARKDOWN_DEPTH} 层；"
                            "请减少缩进和嵌套，按普通的列表写法改正")]
    return []


def _paragraphs(body: str, rel: str, first_line: int) -> list[Problem]:
    if body.count("[") + body.count("(") <= MAX_BRACKET_DEPTH and (
            len(body) ** 2 <= MARKS_BUDGET or _marks_cost(body) <= MARKS_BUDGET):
        return []  # not even the whole body as one paragraph could fail
    cost, worst, start, line = 0, (0, 0), 0, first_line
    breaks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(body)] + [(len(body), len(body))]
    for end, after in breaks:
        paragraph = body[start:end]
        depth = _open_brackets(paragraph)
        if depth > MAX_BRACKET_DEPTH:
            return [problem(P.MARKDOWN_TOO_DEEP, rel, line,
                            f"这一段有 {depth} 个方括号或圆括号没有配对（或一层套一层），超过上限 {MAX_BRACKET_DEPTH}；"
                            "请把 [ ] 和 ( ) 成对写，或改用中文括号【】（）")]
        paragraph_cost = sum(_marks_cost(unit) for unit in _inline_units(paragraph))
        cost += paragraph_cost
        worst = max(worst, (paragraph_cost, line))
        line += body.count("\n", start, after)
        start = after
    if cost > MARKS_BUDGET:
        return [problem(P.MARKDOWN_TOO_DEEP, rel, worst[1],
                        "正文中 * _ ` & < > [ ] 引号等 Markdown 符号太多，这一段又太长，排版会非常慢；"
                        "请在段落之间空一行分段，或少用这些符号")]
    return []


def _marks_cost(text: str) -> int:
    return sum(text.count(c) for c in _MARKS) * len(text)


def _inline_units(paragraph: str) -> list[str]:
    """The pieces Python-Markdown gives its inline patterns one at a time: a table row is its own."""
    if "|" not in paragraph:
        return [paragraph]
    units, run = [], []
    for line in paragraph.split("\n"):
        if line.lstrip().startswith("|"):
            units.append(line)
        else:
            run.append(line)
    return [*units, "\n".join(run)]


def _open_brackets(paragraph: str) -> int:
    """The most [ and ( open at once in a paragraph, counting a stray one as never closed."""
    if paragraph.count("[") + paragraph.count("(") <= MAX_BRACKET_DEPTH:
        return 0
    square = round_ = most = 0
    for m in _BRACKETS.finditer(paragraph):
        c = m.group()
        if c == "[":
            square += 1
        elif c == "(":
            round_ += 1
        elif c == "]":
            square = max(square - 1, 0)
        else:
            round_ = max(round_ - 1, 0)
        most = max(most, square, round_)
    return most
