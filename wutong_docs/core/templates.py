"""The department's Jinja templates: the records repository's own `templates/` first, then wutong's.

Scaffolds, notices and calendars are all laid out by templates the department
may edit; a records repository without its own copy uses the ones shipped
inside this package (`wutong_docs/data/templates/`). One place decides that
search order.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..data import TEMPLATES as SHIPPED


def environment(root: Path | None, **options) -> jinja2.Environment:
    """A strict Jinja environment over `root/templates` then the shipped templates; `options` as Jinja's."""
    folders = ([root / "templates"] if root else []) + [SHIPPED]
    return jinja2.Environment(loader=jinja2.FileSystemLoader([str(f) for f in folders]),
                              undefined=jinja2.StrictUndefined, **options)
