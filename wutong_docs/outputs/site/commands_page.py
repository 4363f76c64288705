"""The command reference 命令参考, generated from each command's own `--help`.

Why generated: the help text (with its worked example) is written once, in
cli/; the handbook shows exactly what `wutong … --help` prints, so the two
cannot disagree, and a command without help shows up as an empty section.
"""

from __future__ import annotations

from importlib.metadata import entry_points

import click

from ...core.privacy import mask
from .page import Page

COMMANDS_PAGE = "reference/commands.md"


def leaf_commands(group: click.Group, path: tuple = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    """Every runnable command under `group`, as (("new", "log"), command), in the CLI's order.

    A group that runs by itself too (`report`, with `report attendance` under it) is listed, then its subcommands.
    """
    out = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            if command.invoke_without_command:
                out.append((path + (name,), command))
            out.extend(leaf_commands(command, path + (name,)))
        else:
            out.append((path + (name,), command))
    return out


def wutong_command() -> click.Group:
    """The `wutong` command group, found through its entry point (`wutong.cli` in pyproject.toml).

    The command line sits above the site (it builds it), so the site does not import it: the
    handbook documents the installed command, as any plugin finds what it serves.
    """
    (found,) = entry_points(group="wutong.cli", name="wutong")
    return found.load()


def help_text(path: tuple[str, ...], command: click.Command) -> str:
    """A command's `--help` text, exactly as the terminal shows it."""
    cli = wutong_command()
    # the group's own settings (-h as well as --help), as on the terminal, in whatever process builds the page
    parent = cli.context_class(cli, info_name="wutong", **cli.context_settings)
    ctx = command.context_class(command, info_name=" ".join(path), parent=parent)
    return command.get_help(ctx)


def page() -> Page:
    """The command reference, generated from every command's `--help` (phone numbers in examples masked)."""
    cli = wutong_command()
    out = Page(COMMANDS_PAGE, "命令参考", in_nav=True, order=16)
    # the examples carry made-up phone numbers; the site shows none unmasked, made-up or not
    commands = [(" ".join(path), mask(help_text(path, command))) for path, command in leaf_commands(cli)]
    out.html("commands.html.j2", commands=commands)
    return out
