"""Splitting a Markdown record into its front matter and its body, each knowing the line it starts on.

Why a module of its own: a record is YAML between two `---` lines followed by a
Markdown body, and the two halves go different ways -- the front matter to
yaml_lines.py (values with their lines), the body to the renderers and to
body_limits.py. Where the split falls decides every line number reported in
either half, so it is done once, here, and says in Chinese how to write the
`---` lines when they are missing.
"""

from __future__ import annotations

import frontmatter

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from .yaml_lines import Doc, parse_yaml

_FRONT_MATTER = frontmatter.YAMLHandler()


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
