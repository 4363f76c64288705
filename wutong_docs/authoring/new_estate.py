"""`wutong init DIR`: a new estate's records repository that validates and builds at once.

Why: a second estate should start from files that already pass `wutong validate`
and `wutong build`, with the checks that keep bad records out of the shared
repository (pre-commit, the server's CI and a pre-receive hook) already written,
instead of copying them from this project by hand. Every file is rendered from
a Jinja template under `wutong_docs/data/init/`; the duty book is the shipped one, its header
naming the new estate (`duty_book`): nothing a new estate gets names the sample estate or its staff.

The estate's name is text wherever it goes: a YAML scalar from the YAML dumper in
every YAML file; HTML-escaped too in mkdocs.yml's site_name, site_description and
copyright, because Material for MkDocs (and Zensical) print those into pages without
escaping them; escaped Markdown in the pages (`markdown_text.md_text`). A name with
a line break or a control character is refused: it would end the comment lines it
appears in.

mkdocs.yml names the department's Git server when init is given one
(`repo_url` and `edit_uri`, the standard mkdocs settings `reference/git_server.py`
reads): the site links each record to the server's web editor. The values are
checked with that same reader before anything is written, so a new estate never
starts with links that lead nowhere; without a server the two lines are written
commented out, with an example, for the supervisor to fill in later.

org.yml gets `since: <today>`: the day the estate's records begin, before which
`wutong check` asks for nothing (a new estate's first check was 56 gaps long).

The repository is written whole or not at all: into a hidden temporary sibling
first, then renamed onto DIR (which must not exist or be empty). When DIR is a
symbolic link to an empty folder, that folder is filled (the temporary sibling
sits beside it, on its disk), and the link stays as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
from datetime import date
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import yaml
from markupsafe import escape

from ..core import dates
from ..core.markdown_text import md_text
from ..core.output import OutputError, failure
from ..data import CHECKLISTS, CONFIG, DUTIES, INIT
from ..reference.git_server import GitServerError, git_server

# path in the new repository -> template under data/init/, or the shipped file it is a copy of
FILES = {
    "records/org.yml": "org.yml.j2",
    "records/duties.yml": DUTIES,
    "records/checklists.yml": CHECKLISTS,   # the inspections' checklists (reference/checklists.py)
    "records/calendar.yml": "calendar.yml.j2",
    "mkdocs.yml": "mkdocs.yml.j2",
    "handbook/index.md": "index.md.j2",
    "README.md": "README.md.j2",
    ".gitignore": "gitignore.j2",
    ".gitattributes": "gitattributes.j2",   # records/desk/** merge=union: two desks' rows merge without a conflict
    ".pre-commit-config.yaml": "pre-commit-config.yaml.j2",
    ".gitea/workflows/wutong.yml": "gitea-workflow.yml.j2",
    "hooks/pre-receive": "pre-receive.j2",
}
EXECUTABLE = {"hooks/pre-receive"}
MAX_ESTATE = 40
SERVERS = {"gitea": "_edit", "github": "edit"}   # each server's web-editor path, the start of edit_uri


def _yaml_scalar(value: str) -> str:
    """`value` as one YAML scalar, quoted only when YAML needs it (so 梧桐墅 stays 梧桐墅)."""
    return yaml.safe_dump(str(value), allow_unicode=True, width=10**6).removesuffix("\n...\n").rstrip("\n")


def _html(value: str) -> str:
    """`value` as HTML text, for settings a site theme prints into its pages as they are."""
    return str(escape(value))


def _markdown(value: str) -> str:
    """`value` as literal Markdown text: no HTML, link, emphasis or attribute list survives."""
    return str(md_text(value))


def shipped_settings() -> str:
    """The shipped mkdocs.yml from `docs_dir:` on: every setting but the estate's name and title."""
    text = CONFIG.read_text(encoding="utf-8")
    start = text.index("\ndocs_dir:") + 1
    return text[start:].rstrip("\n")


def requirement() -> str:
    """The pip requirement the new repository's CI installs: this very version of wutong."""
    try:
        return f"wutong-docs=={metadata.version('wutong-docs')}"
    except metadata.PackageNotFoundError:  # run from a source checkout that was never installed
        return "wutong-docs"


def duty_book(estate: str) -> str:
    """The shipped duty book with a header naming `estate`: its title and source said the sample estate's name.

    The duties themselves are the shipped ones, word for word; only the two header lines
    that name the department change, so a new estate's duties.yml leaves no trace of the
    sample estate (issue 23) and its role pages cite the same title (《…各岗位工作内容详解》).
    """
    text = DUTIES.read_text(encoding="utf-8")
    header, sep, rest = text.partition("\n#\n")
    title = f"# {estate}物业服务中心客服部 岗位职责（工作职责书）——数据版"
    source = (f"# 来源：《{estate}物业服务中心客服部各岗位工作内容详解》；随 wutong 提供的是一份完整的职责说明，"
              "请按本部门的实际逐条核对、改写。")
    lines = rest.split("\n")
    lines = [source if line.startswith("# 来源：") else line for line in lines]
    return f"{title}{sep}" + "\n".join(lines) if header.startswith("# ") else text


def server_settings(repo_url: str | None, branch: str = "main", server: str | None = None) -> dict[str, str] | None:
    """mkdocs.yml's `repo_url` and `edit_uri` for the Git server init was given; None without `repo_url`.

    `server` is "gitea" or "github"; left out, it is "github" for an address on github.com
    and "gitea" (the department's own server) for any other.
    Raises ServerOptionError, naming the option to correct, when the site could not link to that server.
    """
    if not repo_url:
        return None
    _checked("--repo-url", repo_url, None)  # the address first: its message is the clearer one
    if server is None:
        server = "github" if urlsplit(repo_url).hostname == "github.com" else "gitea"
    edit_uri = f"{SERVERS[server]}/{branch}/"
    _checked("--branch", repo_url, edit_uri)
    return {"repo_url": repo_url, "edit_uri": edit_uri}


class ServerOptionError(GitServerError):
    """An init option names a Git server the site cannot link to: `reason` says why, `option` which to correct."""

    def __init__(self, reason: str, option: str):
        super().__init__(f"{reason}。未写入任何文件：请改正 {option} 的值")
        self.reason, self.option = reason, option


def _checked(option: str, repo_url: str, edit_uri: str | None) -> None:
    """Read the two settings as the site will; a refusal names `option`, the value to correct."""
    try:
        git_server(repo_url, edit_uri)
    except GitServerError as exc:
        raise ServerOptionError(str(exc), option) from None


def render(estate: str, since: date | None = None, git: dict[str, str] | None = None) -> dict[str, str]:
    """Every file of the new repository, path -> text; org.yml's `since:` is `since` (default: today in Beijing).

    `git` is mkdocs.yml's Git server (`server_settings`); without it those lines are written commented out.
    """
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(INIT)), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)
    env.filters.update(yaml=_yaml_scalar, html=_html, md=_markdown)
    context = {"estate": estate, "shipped_settings": shipped_settings(), "requirement": requirement(),
               "since": (since or dates.now().date()).isoformat(), "git": git}
    return {path: (duty_book(estate) if template == DUTIES
                   else template.read_text(encoding="utf-8") if isinstance(template, Path)
                   else env.get_template(template).render(context))
            for path, template in FILES.items()}


def check_estate(estate: str) -> str:
    """The estate's name as it goes into titles and comments: one short line."""
    name = estate.strip()
    if not name:
        raise OutputError("小区名不能为空：请用 --estate 写上小区名，例如 --estate 银杏苑")
    if any(ch in name for ch in "\r\n\t") or not name.isprintable():
        raise OutputError("小区名只能是一行文字，不能含换行或控制字符：请改正 --estate 的值")
    if len(name) > MAX_ESTATE:
        raise OutputError(f"小区名太长（{len(name)} 个字，最多 {MAX_ESTATE} 个）：请用简称")
    return name


def _not_empty(shown: str) -> str:
    return f"{shown} 不是空目录，未写入任何文件：wutong init 只在不存在的或空的目录中建立记录仓库"


def destination(target: Path) -> Path:
    """The folder to write into: `target`, or the folder the symbolic link `target` points to.

    Raises OutputError, with nothing written, when that is a file, a non-empty folder, or
    a link to nowhere.
    """
    shown = str(target)
    real = target
    if target.is_symlink():
        if not target.exists():  # a dangling link, or a loop of links
            raise OutputError(f"{shown} 是一个符号链接，但它指向的 {os.readlink(target)} 不存在，未写入任何文件："
                              "请先建立那个目录，或给一个不存在的或空的目录")
        real = Path(os.path.realpath(target))  # renaming onto the link would replace the link, not fill the folder
    if real.exists():
        if not real.is_dir():
            raise OutputError(f"{shown} 已存在且不是目录，未写入任何文件：请给一个不存在的或空的目录")
        if any(real.iterdir()):
            raise OutputError(_not_empty(shown))
    return real


def init(target: Path, estate: str | None = None, since: date | None = None,
         git: dict[str, str] | None = None) -> list[str]:
    """Write a new records repository into `target` (absent or empty, or a link to an empty folder); return the paths.

    org.yml says the estate's records begin `since` (default: today), so `wutong check` asks
    for nothing from before the repository existed. mkdocs.yml names the Git server `git`
    (`server_settings`, already checked) or carries those lines commented out.

    Raises OutputError, with nothing written, when `target` is a file or a non-empty
    folder, or when the disk refuses the files.
    """
    target = Path(os.path.abspath(target))
    shown = str(target)
    real = destination(target)
    files = render(check_estate(estate if estate is not None else target.name), since, git)
    temp = real.with_name(f".{real.name}.wutong-init-{os.getpid()}")
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        temp.mkdir()
        for rel, text in files.items():
            path = temp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            if rel in EXECUTABLE:
                path.chmod(0o755)
        os.rename(temp, real)  # onto an empty folder too; fails if DIR filled up meanwhile
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST) and real.is_dir():
            raise OutputError(_not_empty(shown)) from None
        raise failure(f"在 {shown} 建立记录仓库", exc, "没有写入任何文件", temp=temp) from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return list(files)
