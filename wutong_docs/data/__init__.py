"""Where the files wutong ships with lie: templates, the default site configuration and handbook, the duty book.

Why a module: the package must hold everything it needs once it is installed
with `pip install .` (not editable), so nothing may reach for the checkout's
top-level folders. Every module that needs a shipped file asks here; a records
repository's own `templates/`, `mkdocs.yml` and `handbook/` win over these,
file by file (see `core/templates.py`, `outputs/site/build.py`, `outputs/site/plugin.py`).

It imports nothing of wutong's: it is the bottom layer.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"        # new/, calendar/, notices/: the department's editable layouts
HANDBOOK = HERE / "handbook"          # the default handbook pages, search script and styles
CONFIG = HERE / "mkdocs.yml"          # the default site configuration
DUTIES = HERE / "duties.yml"          # the duty book `wutong init` gives a new estate
CHECKLISTS = HERE / "checklists.yml"  # the inspection checklists `wutong init` gives a new estate
INIT = HERE / "init"                  # Jinja templates of the files `wutong init` writes
