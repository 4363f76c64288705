"""Click's own words (用法、选项、错误提示……) in Chinese, whatever the machine's language.

Click marks every text it prints with gettext (`from gettext import gettext as _`
in each of its modules), so the supported way to translate it is a gettext
catalog: `locale/click.zh_CN.po` holds the Chinese of every message, compiled to
`click.zh_CN.mo`, shipped with the package.

gettext chooses a catalog from LANGUAGE/LC_ALL/LANG, and staff machines often run
with LANG=C (or en_US), which would bring the English back; setting LANGUAGE
ourselves would leak into git and every other program we start. So the catalog
is opened directly (`gettext.GNUTranslations`) and handed to click's modules as
their `_` and `ngettext`: the translation click would get from gettext with a
Chinese environment, in every environment, and nothing else in the process or
its children changes. `install()` runs when main.py is imported, before any
decorator evaluates a help text such as "Show the version and exit.".
"""

from __future__ import annotations

import gettext
import sys
from pathlib import Path

import click

CATALOG = Path(__file__).parent.parent / "locale" / "click.zh_CN.mo"

# click's modules that bind gettext's functions at import (`from gettext import gettext as _`)
_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils",
            "shell_completion", "_termui_impl")


def catalog() -> gettext.GNUTranslations:
    """The Chinese catalog of click's own messages, read from the shipped .mo file."""
    with open(CATALOG, "rb") as f:
        return gettext.GNUTranslations(f)


def install() -> None:
    """Give click's modules the Chinese catalog; harmless when called again."""
    import importlib

    chinese = _catalog()

    for name in _MODULES:
        try:
            module = sys.modules.get(f"click.{name}") or importlib.import_module(f"click.{name}")
        except ImportError:  # _termui_impl needs a terminal library on some systems
            continue
        if hasattr(module, "_"):
            module._ = chinese.gettext
        if hasattr(module, "ngettext"):
            module.ngettext = chinese.ngettext


# --- the help page's layout: click's documented extension points ------------------------------
# The words come from the catalog; what the catalog cannot reach is punctuation and placeholders
# written as code: the ASCII colon after a heading, the space after "Usage:", and the
# "[OPTIONS]" / "COMMAND [ARGS]..." placeholders.

class HelpFormatter(click.HelpFormatter):
    """Headings end in a full-width colon, and the usage line reads 用法：wutong …"""

    def write_heading(self, heading: str) -> None:
        """A section heading of the help (选项：, 命令：) with a full-width colon."""
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """The usage line, prefixed 用法：."""
        super().write_usage(prog, args, prefix if prefix is not None else _catalog().gettext("Usage:"))


class Context(click.Context):
    """click's context with our help formatter: how every help text gets its Chinese layout."""
    formatter_class = HelpFormatter


class Command(click.Command):
    """A command whose usage line says [选项] and whose help is laid out in Chinese."""
    context_class = Context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    """A command group laid out like Command; its subcommands and subgroups inherit it."""
    context_class = Context
    command_class = Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)


Group.group_class = Group  # subgroups (new, hook, notice) are laid out the same way


_LOADED: list = []


def _catalog() -> gettext.GNUTranslations:
    if not _LOADED:
        _LOADED.append(catalog())
    return _LOADED[0]


class LabelledChoice(click.Choice):
    """One of a few ids, each with the Chinese label staff know it by; the label is accepted too.

    `--role 前台` means front_desk as surely as `--role front_desk` does, so both are taken
    and the id goes on; so are the shorter words staff say (`words`: 主管, 片管 …);
    anything else is refused listing each id with its label and words.
    """

    def __init__(self, ids: list[str], labels, words: dict[str, str] | None = None):
        super().__init__(ids)
        self._labels = labels  # a function: the module holding the labels is loaded only when needed
        self.words = words or {}  # word -> id

    @property
    def labels(self) -> dict[str, str]:
        """id -> Chinese label, loaded when first asked."""
        return self._labels()

    def convert(self, value, param, ctx):
        """A label or a word becomes its id; an id passes; anything else is refused by click.Choice."""
        text = value.strip() if isinstance(value, str) else value
        for id, label in self.labels.items():
            if text == label:
                return id
        if text in self.words:
            return self.words[text]
        return super().convert(text, param, ctx)

    def get_invalid_choice_message(self, value, ctx) -> str:
        """The refusal in Chinese: every id with its label and words, and the closest one."""
        import difflib

        known = [*self.labels, *self.labels.values(), *self.words]
        close = difflib.get_close_matches(str(value), list(dict.fromkeys(known)), n=1, cutoff=0.6)
        hint = f"（是不是 {close[0]}？）" if close else ""
        listed = "、".join(f"{id}（{'、'.join([label, *(w for w, i in self.words.items() if i == id and w != label)])}）"
                          for id, label in self.labels.items())
        return f"{value} 不是可选的值{hint}；可选：{listed}"


def missing_message(exc: click.MissingParameter) -> str:
    """Click's "Missing option '--month'." said as what to type: 缺少选项 --month：请加上 --month YYYY-MM.

    Click builds that sentence in code, with an ASCII full stop the catalog cannot
    reach; the person needs the option as written on the command line, with its
    placeholder, more than the quotes.
    """
    param = exc.param
    if isinstance(param, click.Option):
        name = max(param.opts, key=len)
        typed = name if param.is_flag else f"{name} {param.make_metavar(exc.ctx)}"
        return f"缺少选项 {name}：请加上 {typed}"
    if isinstance(param, click.Argument):
        metavar = param.make_metavar(exc.ctx)
        return f"缺少参数 {metavar}：请在命令末尾写上{metavar}"
    return exc.format_message()
