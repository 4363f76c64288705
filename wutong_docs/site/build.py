"""`wutong build` and `wutong serve`: validate the records, then run mkdocs on them.

Why not just `mkdocs build`: that works too (the plugin validates and stops on
errors), but `wutong build` prints the validation report in the same form as
`wutong validate`, builds in strict mode, and works with `--root` on any
records repository: it uses that repository's mkdocs.yml and handbook/ when it
has them, and this project's otherwise.

mkdocs empties its site_dir before writing, so the site is never built where it
is published: it is built in a fresh temporary sibling folder and swapped in when
complete (`output.replacing_folder`). An interrupted or failed build leaves the
previous site as it was, and only an empty folder or an earlier site is replaced.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..output import check_site_dir, failure, replacing_folder

SHIPPED_CONFIG = Path(__file__).resolve().parents[2] / "mkdocs.yml"


def config_file(root: Path) -> Path:
    own = root / "mkdocs.yml"
    return own if own.is_file() else SHIPPED_CONFIG


def _not_an_os_error(record: logging.LogRecord) -> bool:
    """mkdocs echoes a failed page write in English; `wutong build` reports it once, in Chinese."""
    message = record.getMessage()
    return not (message.startswith("Error building page") and "[Errno " in message)


def _quiet_mkdocs() -> None:
    """Show mkdocs' warnings and errors, not its progress chatter."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.addFilter(_not_an_os_error)
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


def build_site(root: Path, report, site_dir: Path | str | None = None, now: str | None = None) -> dict:
    """Build the site of `root` (whose records `report` validated) into site_dir; return the search figures.

    Raises OutputError when site_dir may not be replaced or the disk refuses the site,
    with the previous site left as it was.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    target = check_site_dir(root, site_dir or root / "site")
    _quiet_mkdocs()
    with replacing_folder(target) as fresh:
        config = load_config(str(config_file(root)), site_dir=str(fresh), strict=True)
        plugin = config.plugins["wutong"]
        plugin.config.root = str(root)
        if now:
            plugin.config.now = now
        plugin.report = report
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        except OSError as exc:
            left = "原来的站点未改动" if target.exists() else "没有留下半个站点"
            raise failure(f"生成站点 {target} ", exc, left, temp=fresh) from None
        finally:
            config.plugins.on_shutdown()
    return dict(plugin.stats, site_dir=str(target))


def serve_site(root: Path, address: str) -> None:
    from mkdocs.commands.serve import serve

    os.environ["WUTONG_ROOT"] = str(root)
    serve(str(config_file(root)), dev_addr=address)
