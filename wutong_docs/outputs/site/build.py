"""`wutong build`: validate the records, then run mkdocs on them (`wutong serve` is `serve.py`).

Why not just `mkdocs build`: that works too (the plugin validates and stops on
errors), but `wutong build` prints the validation report in the same form as
`wutong validate`, builds in strict mode, and works with `--root` on any
records repository: it uses that repository's mkdocs.yml when it has one, and
the configuration shipped with the package otherwise (`site_config`); the
plugin adds every shipped handbook page the repository does not have.

mkdocs empties its site_dir before writing, so the site is never built where it
is published: it is built in a fresh temporary sibling folder and swapped in when
complete (`output.replacing_folder`). An interrupted or failed build leaves the
previous site as it was, and only an empty folder or an earlier site is replaced.
"""

from __future__ import annotations

import logging
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ...core.output import check_site_dir, failure, replacing_folder
from ...reference.git_server import git_server
from ...data import CONFIG as SHIPPED_CONFIG


def config_file(root: Path) -> Path:
    """The repository's own mkdocs.yml, else the shipped default configuration."""
    own = root / "mkdocs.yml"
    return own if own.is_file() else SHIPPED_CONFIG


@contextmanager
def site_config(root: Path):
    """(config file, load_config overrides) for the site of `root`, valid inside the `with`.

    A repository's own mkdocs.yml is used as it is. Without one, the shipped
    configuration is used with docs_dir = the repository's handbook/, or, when
    it has none, an empty temporary folder: nothing is written into the
    repository, and every page then comes from the package and the records.
    """
    config = config_file(root)
    if config != SHIPPED_CONFIG:
        yield config, {}
    elif (root / "handbook").is_dir():
        yield config, {"docs_dir": str(root / "handbook")}
    else:
        with tempfile.TemporaryDirectory(prefix="wutong-handbook-") as empty:
            yield config, {"docs_dir": empty}


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
    with replacing_folder(target) as fresh, site_config(root) as (config_path, overrides):
        config = load_config(str(config_path), site_dir=str(fresh), strict=True, **overrides)
        git_server(config.repo_url, config.edit_uri)   # a Git server the links cannot use: said before mkdocs starts
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
