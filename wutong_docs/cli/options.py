"""What several commands share: the repository they work on, the `--force` option, paths and output.

`Context` is what the `cli` group (main.py) hands every command as `obj`; the rest are
used by two or three commands each (validate and notice take paths; calendar, report and
notice write files), so they live here once rather than in one command's module.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from .chinese import LabelledChoice


def find_root(start: Path) -> Path | None:
    """The nearest folder upward from `start` that holds records/."""
    for folder in (start, *start.parents):
        if (folder / "records").is_dir():
            return folder
    return None


class Context:
    """What every command shares: the records repository's root, found lazily so that `--help` works anywhere."""
    def __init__(self, root: str | None):
        self._root = root

    @property
    def root(self) -> Path:
        """The repository root: `--root`, else the nearest folder upward holding records/; a Chinese error when there
        is none.
        """
        if self._root:
            root = Path(self._root).resolve()
            if not (root / "records").is_dir():
                raise click.ClickException(f"{self._root} 下没有 records/ 目录：--root 应指向记录仓库的根目录")
            return root
        root = find_root(Path.cwd().resolve())
        if root is None:
            raise click.ClickException("找不到 records/ 目录：请在记录仓库内运行，或用 --root 指定仓库根目录")
        return root


def _role_labels() -> dict[str, str]:
    from ..reference.org import ROLES
    return ROLES


# the roles as staff say them, beside org.yml's labels (主管、片区管理员、服务中心前台)
ROLE_WORDS = {"主管": "supervisor", "片区管理员": "area_manager", "片管员": "area_manager", "片管": "area_manager",
              "前台": "front_desk"}
ROLE_TYPE = LabelledChoice(["supervisor", "area_manager", "front_desk"], _role_labels, ROLE_WORDS)
ROLE_HELP = "supervisor 主管 | area_manager 片区管理员（片管员、片管）| front_desk 服务中心前台（前台）"

FORCE_OPTION = click.option("--force", is_flag=True, help="输出文件已存在时替换它（默认不覆盖）")


def relative(root: Path, given: str) -> list[str]:
    """The records a path on the command line names, relative to `root`: the file itself, or every record under a
    folder; a Chinese error when it does not exist or lies outside the repository.
    """
    # the folders are resolved, the last name is not: a record that is a symlink is
    # checked as the link it is (and refused), not as the file it points to
    absolute = Path(os.path.abspath(given))
    path = absolute.parent.resolve() / absolute.name if absolute.name else absolute.resolve()
    if not os.path.lexists(path):
        raise click.ClickException(f"路径不存在：{given}")
    if not path.is_relative_to(root):
        raise click.ClickException(f"{given} 不在记录仓库 {root} 之内")
    if path.is_dir() and not path.is_symlink():
        from ..validate.loader import discover
        prefix = path.relative_to(root).as_posix()
        return [rel for rel in discover(root) if prefix in (".", "") or rel.startswith(prefix + "/")]
    return [path.relative_to(root).as_posix()]


def emit(root: Path, result: str | bytes, output: str | None, force: bool) -> None:
    """Write a rendered document to a file (whole, guarded), or to standard output."""
    from ..core.output import write_file

    if output:
        write_file(root, output, result, force=force)
        click.echo(output, err=True)
    else:
        click.echo(result if isinstance(result, str) else result.decode("utf-8"), nl=False)
