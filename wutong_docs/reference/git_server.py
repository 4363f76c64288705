"""The department's Git server as the site links to it: a record's edit form and a draft's new-file form.

Why: most records are written by staff who never open a terminal. The Git
server's web editor (Gitea's, as the department runs; GitHub's works the same
way) opens a file for editing at `{repo}/_edit/{branch}/{path}` and a new file,
name and text already filled in, at `{repo}/_new/{branch}/{folder}?filename=…&value=…`.
The site puts those links beside each record and in each person's 我的今天.

The server is named by mkdocs.yml's own two settings, `repo_url` and
`edit_uri`, so the handbook's configuration stays standard: `edit_uri` is the
edit prefix with the branch, `_edit/main/` (Gitea, Forgejo, the default when
it is left out) or `edit/main/` (GitHub). Paths are the repository's own
(`records/logs/…`), so nothing may follow the branch; a value that does is
refused with the line to write instead of giving links that all lead nowhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from ..core.errors import WutongError

GITEA_EDIT = "_edit/main/"     # what an estate gets when mkdocs.yml names repo_url only
_NEW = {"_edit": "_new", "edit": "new"}   # each server's edit path and its new-file path
_EDIT_URI = re.compile(r"/?(_edit|edit)/([^/\s?#]+)/?")


class GitServerError(WutongError):
    """mkdocs.yml names a Git server the site cannot link to; the message says what to write."""


@dataclass(frozen=True)
class GitServer:
    """Where the records repository's web editor is: its address, the style of its paths, the branch."""
    repo: str          # https://git.example.org/wutong/records, without a trailing slash
    edit: str          # "_edit" (Gitea) or "edit" (GitHub)
    branch: str

    def edit_url(self, path: str) -> str:
        """The web editor's form for the file `path` of the repository (records/logs/2026/11/….md)."""
        return f"{self.repo}/{self.edit}/{quote(self.branch)}/{quote(path)}"

    def new_folder(self, path: str) -> tuple[str, str]:
        """(the new-file form of `path`'s folder, the file's name): the two parts a new-file link is made of."""
        folder, _, name = path.rpartition("/")
        return f"{self.repo}/{_NEW[self.edit]}/{quote(self.branch)}/{quote(folder)}", name

    def new_url(self, path: str, text: str) -> str:
        """The new-file form with the file name `path` and its whole `text` filled in."""
        form, name = self.new_folder(path)
        return f"{form}?filename={quote(name, safe='')}&value={quote(text, safe='')}"


def git_server(repo_url: str | None, edit_uri: str | None) -> GitServer | None:
    """The server mkdocs.yml's `repo_url` and `edit_uri` name; None without `repo_url` (no links at all)."""
    if not repo_url:
        return None
    if not repo_url.isprintable() or any(ch.isspace() for ch in repo_url):   # urlsplit would drop a line break unseen
        raise GitServerError("mkdocs.yml 的 repo_url 中不能有空格、换行或控制字符")
    try:
        parts = urlsplit(repo_url)
    except ValueError:   # a broken [IPv6] host
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise GitServerError(f"mkdocs.yml 的 repo_url 写法不对：{repo_url}；应写记录仓库在 Git 服务器上的网址，"
                             "例如 repo_url: https://git.example.org/wutong/records")
    m = _EDIT_URI.fullmatch((edit_uri or GITEA_EDIT).strip())
    if m is None:
        raise GitServerError(f"mkdocs.yml 的 edit_uri 写法不对：{edit_uri}；应写成 edit_uri: _edit/分支名/"
                             "（Gitea，例如 _edit/main/）或 edit/分支名/（GitHub），分支名后面不再加目录")
    return GitServer(repo_url.rstrip("/"), m.group(1), m.group(2))
