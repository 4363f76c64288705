"""Reading one file: bytes to values that remember their line.

How much a file may hold (limits.py), reading regular files safely (files.py), splitting a
record into front matter and body (front_matter.py), YAML as values that remember their line
(yaml_lines.py), the Chinese keyboard's YAML mistakes (yaml_mistakes.py), what a Markdown body
may hold (body_limits.py) and the front-matter schemas (fields.py).

It imports only `core`.
"""
