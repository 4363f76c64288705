"""`wutong build --engine zensical`: the same handbook site, built by Zensical instead of mkdocs-material.

Why: Material for MkDocs stops being maintained on 2027-05-05, and Zensical is
its makers' successor. Zensical reads an mkdocs.yml but runs no mkdocs
plugins, so the work of the `wutong` plugin is done around it, from the same
functions the plugin calls:

1. stage: in a hidden temporary folder beside the site (same disk, removed
   afterwards) write docs/ = the repository's handbook pages, every generated
   page (`pages.generate`, each with a marker naming it), the notice sheets and
   calendar feeds, and the shipped handbook pages the repository does not have;
   overrides/ = our 404 page, then the estate's own theme.custom_dir; and an
   mkdocs.yml made from the site's (`zensical_config`);
2. build: `zensical.build` in this process, strict, so that our Markdown
   extension (`zensical_pages`) fills in each page's HTML blocks and feeds the
   Chinese search index as the page is rendered;
3. finish: mask every written page once more as a whole (`privacy.mask_html`,
   as the plugin's on_post_page), write the search index, check every staged
   page went through the extension, and move the built site into the fresh folder that
   `output.replacing_folder` swaps in, exactly as `build.build_site` does.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import yaml

from ...core.dates import now as beijing_now
from ...core.errors import WutongError
from ...core.output import check_site_dir, failure, replacing_folder
from . import zensical_pages
from .build import config_file
from .page import safe_title

VERSION = "0.0.73"           # the Zensical this engine is tested with (pyproject.toml's extra `zensical`)
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_H1 = re.compile(r"^# (.+)$", re.M)


class EngineError(WutongError):
    """Zensical is missing, refused the site's configuration, or failed."""


def require_zensical():
    """The zensical module, or EngineError saying how to install it."""
    try:
        import zensical
    except ImportError:
        raise EngineError("未安装 Zensical，无法用 --engine zensical 生成：请运行 "
                          f"pip install 'zensical=={VERSION}'（或 make，会装上 wutong-docs[zensical]），"
                          "或去掉 --engine zensical，用默认的 mkdocs 生成") from None
    return zensical


# -- the site's configuration, read as data -------------------------------------------------------------
class _SiteLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as plain data: `!!python/object/apply:f {kwds: …}` becomes {object: f, kwds: …}, the form
    Zensical's own configuration uses for a function; `!!python/name:f` becomes "f"; `!ENV` reads the environment.
    """


def _apply(loader, suffix, node):
    value = loader.construct_mapping(node, deep=True) if isinstance(node, yaml.MappingNode) else {}
    return {"object": suffix, "kwds": value.get("kwds", {})}


def _env(loader, node):
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else \
        [loader.construct_scalar(n) for n in node.value]
    default = names.pop() if len(names) > 1 else None
    return next((os.environ[n] for n in names if n in os.environ), default)


_SiteLoader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _apply)
_SiteLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: suffix)
_SiteLoader.add_constructor("!ENV", _env)


def read_site_config(path: Path) -> dict:
    """The site's mkdocs.yml as a dict (EngineError, in Chinese, when it cannot be read)."""
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_SiteLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise EngineError(f"无法读取站点配置 {path}：{exc}") from None
    if not isinstance(config, dict):
        raise EngineError(f"站点配置 {path} 的内容应是“键: 值”的映射")
    return config


def zensical_config(site: dict, nav: list | None) -> dict:
    """Zensical's configuration for the staging folder, made from the site's mkdocs.yml.

    Kept: names, copyright, theme (name, language, features, palette…; `font: false` stays: Zensical too then
    loads no Google Fonts), extra, extra_css, extra_javascript, markdown_extensions, validation, URL style.
    Changed: docs_dir/site_dir/custom_dir point into the staging folder; the nav lists the generated pages;
    Zensical's own search is off (ours replaces it, as with mkdocs); our Markdown extension is added; the
    mkdocs plugins (wutong, and any other) and hooks are dropped: Zensical does not run them.
    """
    config = {k: v for k, v in site.items() if k not in ("plugins", "hooks", "INHERIT", "docs_dir", "site_dir")}
    theme = dict(config.get("theme") or {"name": "material"}) if not isinstance(config.get("theme"), str) \
        else {"name": config["theme"]}
    theme["custom_dir"] = "overrides"
    theme.setdefault("font", False)            # never fetch Google Fonts, whatever the site said nothing about
    theme.setdefault("variant", "classic")     # Material's look, which our stylesheet and search box are made for
    config["theme"] = theme
    config["docs_dir"], config["site_dir"] = "docs", "site"
    config.setdefault("use_directory_urls", True)
    config.setdefault("extra", {}).setdefault("generator", False)
    extensions = list(config.get("markdown_extensions") or ["toc", "tables", "fenced_code"])
    config["markdown_extensions"] = [*extensions, "wutong_docs.outputs.site.zensical_pages"]
    config["plugins"] = [{"search": {"enabled": False}}]
    if nav:
        config["nav"] = nav
    else:
        config.pop("nav", None)
    return config


# -- staging ---------------------------------------------------------------------------------------------
def page_url(src_uri: str, directory_urls: bool) -> str:
    """The URL of a page, as both engines name it: a/b.md -> a/b.html (or a/b/), a/index.md -> a/index.html (a/)."""
    stem = src_uri[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def _nav_titles(nav) -> dict:
    """src_uri -> the title a nav gives it (`- 首页: index.md`), which mkdocs shows as the page's title."""
    out = {}
    if isinstance(nav, list):
        for item in nav:
            out.update(_nav_titles(item))
    elif isinstance(nav, dict):
        for title, value in nav.items():
            if isinstance(value, str):
                out[value] = str(title)
            else:
                out.update(_nav_titles(value))
    return out


def _title(source: str, nav_title: str | None, fallback: str) -> str:
    """A page's title as mkdocs gives it: the nav's, else the first level-1 heading, else the file's name."""
    if nav_title:
        return nav_title
    found = _H1.search(_FRONT.sub("", source))
    return safe_title(found.group(1).strip().strip("#").strip()) if found else fallback


def _with_marker(source: str, number: int) -> str:
    """The page's Markdown with its marker last, so the line numbers of Zensical's warnings stay the file's own."""
    return source.rstrip("\n") + "\n\n" + zensical_pages.MARKER.format(number) + "\n"


def stage(stage_dir: Path, root: Path, site: dict, site_config_path: Path, handbook: Path | None, data,
          search: bool) -> zensical_pages.Staged:
    """Write the staging folder (docs/, overrides/, mkdocs.yml); return what the extension needs during the build."""
    from ...data import HANDBOOK
    from .pages import generate, generated_files
    from .plugin import THEME_OVERRIDES, nav_with_generated
    from .search_index import SearchIndex

    docs = stage_dir / "docs"
    if handbook is not None and handbook.is_dir():
        shutil.copytree(handbook, docs, ignore=shutil.ignore_patterns(".*"))
    docs.mkdir(exist_ok=True)
    generated = {p.src_uri: p for p in generate(data)}
    sources: dict[str, str | None] = {}          # src_uri -> Markdown of each page (None: a handbook file as is)
    for path in sorted(docs.rglob("*")):
        if path.is_file():
            sources[path.relative_to(docs).as_posix()] = None
    for uri, page in generated.items():
        if uri in sources:
            raise EngineError(f"handbook/{uri} 与生成的页面同名：请改名或删去该文件")
        sources[uri] = page.source
    extra_files = generated_files(data)
    for uri, content in extra_files.items():
        _write(docs / uri, content)
    for path in sorted(HANDBOOK.rglob("*")):
        uri = path.relative_to(HANDBOOK).as_posix()
        if path.is_file() and uri not in sources and uri not in extra_files:
            (docs / uri).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, docs / uri)
            sources[uri] = None

    nav = nav_with_generated(site["nav"], generated) if site.get("nav") else None
    config = zensical_config(site, nav)
    titles = _nav_titles(nav or [])
    directory_urls = bool(config["use_directory_urls"])
    md_uris = sorted(u for u in sources if u.endswith(".md"))
    urls = {u: page_url(u, directory_urls) for u in md_uris}
    staged_pages = []
    for number, uri in enumerate(md_uris):
        spec = generated.get(uri)
        text = sources[uri] if sources[uri] is not None else (docs / uri).read_text(encoding="utf-8")
        _write(docs / uri, _with_marker(text, number))
        fallback = spec.title if spec else Path(uri).stem
        staged_pages.append(zensical_pages.StagedPage(uri, urls[uri], _title(text, titles.get(uri), fallback), spec))

    overrides = stage_dir / "overrides"
    shutil.copytree(THEME_OVERRIDES, overrides)
    own = (site.get("theme") or {}).get("custom_dir") if isinstance(site.get("theme"), dict) else None
    if own:
        shutil.copytree(site_config_path.parent / own, overrides, dirs_exist_ok=True)
    _write(stage_dir / "mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return zensical_pages.Staged(staged_pages, urls, data, SearchIndex(known=data.known_names) if search else None)


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@contextmanager
def _captured(log: Path):
    """Zensical's Rust side prints its progress and its link report on the process's stdout and stderr, in English;
    `wutong build` reports itself, and shows Zensical's words only when it failed (`_run`).
    """
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    try:
        with open(log, "wb") as out:
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
            yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, copy in zip((1, 2), saved):
            os.dup2(copy, fd)
            os.close(copy)


def _run(zensical, config_path: Path, staged: zensical_pages.Staged) -> None:
    """Zensical's build of the staging folder, our extension active for its duration."""
    log = config_path.parent / "zensical.log"
    zensical_pages.ACTIVE = staged
    try:
        with _captured(log):
            zensical.build(str(config_path), {"clean": True, "strict": True})
    except (OSError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a ClickException for its configuration, a RuntimeError from Rust, strict warnings
        said = " ".join(log.read_text(encoding="utf-8", errors="replace").split())[-1500:]
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        raise EngineError(f"Zensical 生成站点失败：{message}" + (f"（Zensical 的输出：{said}）" if said else "")) from None
    finally:
        zensical_pages.ACTIVE = None
    missing = [p.src_uri for i, p in enumerate(staged.pages) if i not in staged.rendered]
    if missing:
        raise EngineError(f"Zensical 没有经过 wutong 的扩展渲染 {len(missing)} 页（如 {missing[0]}），"
                          "站点不完整，未生成")


def _mask_pages(built: Path, staged: zensical_pages.Staged) -> None:
    """Each written page masked once more as a whole, its title and navigation too (the plugin's on_post_page)."""
    from ...core.privacy import mask_html

    for page in staged.pages:
        path = built / (page.url if page.url.endswith(".html") else page.url + "index.html")
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            masked = mask_html(text)
            if masked != text:
                path.write_text(masked, encoding="utf-8")


def _handbook(root: Path, config_path: Path, site: dict) -> Path | None:
    """The folder of hand-written pages: the site's docs_dir, or the repository's handbook/ for the shipped config."""
    from .build import SHIPPED_CONFIG

    if config_path == SHIPPED_CONFIG:
        return root / "handbook" if (root / "handbook").is_dir() else None
    return (config_path.parent / site.get("docs_dir", "docs")).resolve()


def build_site(root: Path, report, site_dir: Path | str | None = None, now: str | None = None) -> dict:
    """Build the site of `root` (whose records `report` validated) with Zensical into site_dir; the search figures.

    The same guarded output as the mkdocs engine: the site is built aside and swapped in whole, and
    OutputError leaves the previous site as it was.
    """
    from ...reference.git_server import git_server
    from .data import collect

    zensical = require_zensical()
    target = check_site_dir(root, site_dir or root / "site")
    config_path = config_file(root)
    site = read_site_config(config_path)
    moment = now or os.environ.get("WUTONG_NOW")
    try:
        at = datetime.fromisoformat(moment) if moment else beijing_now()
    except ValueError:
        raise EngineError(f"WUTONG_NOW 写法不对：{moment}，应为 YYYY-MM-DD HH:MM") from None
    data = collect(root, report, at, git_server(site.get("repo_url"), site.get("edit_uri")))
    search = bool(next((p["wutong"].get("search", True) for p in site.get("plugins") or []
                        if isinstance(p, dict) and isinstance(p.get("wutong"), dict)), True))
    with replacing_folder(target) as fresh:
        try:
            with tempfile.TemporaryDirectory(prefix=f".{target.name}.wutong-stage-", dir=target.parent) as tmp:
                stage_dir = Path(tmp)
                staged = stage(stage_dir, root, site, config_path, _handbook(root, config_path, site), data, search)
                _run(zensical, stage_dir / "mkdocs.yml", staged)
                built = stage_dir / "site"
                (built / "search.json").unlink(missing_ok=True)   # Zensical's own (empty: its search is off)
                _mask_pages(built, staged)
                stats = staged.search.write(built) if staged.search is not None else {}
                for entry in os.scandir(built):
                    os.rename(entry.path, fresh / entry.name)
        except OSError as exc:
            left = "原来的站点未改动" if target.exists() else "没有留下半个站点"
            raise failure(f"生成站点 {target} ", exc, left, temp=fresh) from None
    return dict(stats, site_dir=str(target), engine="zensical")
