"""The site cache never changes a byte of the site: a build that reuses it equals a cold build of the same tree.

Each case starts from a repository whose cache a build of the frozen sample
(sample_desk) filled, changes one thing, builds with that cache, builds the same
tree cold in another folder, and compares every file of the two sites byte for
byte. It also checks that the cache was used at all (pages reused), so these tests
fail if the cache silently stopped working, and that a change re-renders what it
feeds (the page of a changed record is not reused).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from wutong_docs.data import CONFIG as SHIPPED_CONFIG
from wutong_docs.outputs.site.build import build_site
from wutong_docs.outputs.site.cache import CACHE_DIR
from wutong_docs.validate.pipeline import validated

NOW = "2026-11-27 12:00"
SLIP = "records/slips/2026/11/S-20261101-xu-ting-01.md"
LOG = "records/logs/2026/11/2026-11-01-li-na.md"


@pytest.fixture(autouse=True, scope="module")
def cache_on():
    """The cache as a user has it: on (conftest.py switches it off for the other tests), for this module's builds."""
    from wutong_docs.validate import cache as validate_cache

    off = os.environ.pop(validate_cache.ENV_OFF, None)
    validate_cache.switch(on=True)
    yield
    if off is not None:
        os.environ[validate_cache.ENV_OFF] = off


def build(root: Path, site: Path, now: str = NOW) -> dict:
    """`wutong build` of `root` into `site` (validation, then the site); the build's figures, cache hits included."""
    report = validated(root, summary="{errors}")
    return build_site(root, report, site, now=now)


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_site(a: Path, b: Path) -> None:
    left, right = files_of(a), files_of(b)
    assert sorted(left) == sorted(right)
    differ = [name for name in left if left[name] != right[name]]
    assert differ == []


@pytest.fixture(scope="module")
def warmed(tmp_path_factory) -> Path:
    """The sample built once: its .wutong-cache/ is what every case starts from."""
    root = tmp_path_factory.mktemp("warm") / "repo"
    shutil.copytree(FIXTURES / "sample_desk", root)
    stats = build(root, root / "site")
    assert stats["cache_hits"] == 0 and stats["cache_misses"] > 10
    return root


def check(tmp_path: Path, warmed: Path, change, now: str = NOW) -> dict:
    """Apply `change` to a copy that has the warm cache; build it; build the same tree cold; same bytes. Its figures."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "sample_desk", root)
    shutil.copytree(warmed / ".wutong-cache", root / ".wutong-cache")
    change(root)
    stats = build(root, tmp_path / "warm-site", now)
    cold = tmp_path / "cold"
    shutil.copytree(root, cold, ignore=shutil.ignore_patterns(".wutong-cache"))
    cold_stats = build(cold, tmp_path / "cold-site", now)
    assert cold_stats["cache_hits"] == 0
    assert_same_site(tmp_path / "warm-site", tmp_path / "cold-site")
    return stats


def edit(rel: str, old: str, new: str):
    def change(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def test_nothing_changed_reuses_every_cached_page(tmp_path, warmed):
    stats = check(tmp_path, warmed, lambda root: None)
    assert stats["cache_misses"] == 0 and stats["cache_hits"] > 10


def test_one_record_changed(tmp_path, warmed):
    stats = check(tmp_path, warmed, edit(SLIP, "派工程部值班维修工", "派工程部值班维修工（已电话通知）"))
    assert stats["cache_hits"] > 0 and stats["cache_misses"] >= 1


def test_a_log_changed(tmp_path, warmed):
    def append(root: Path) -> None:
        path = root / LOG
        path.write_text(path.read_text(encoding="utf-8") + "\n补记：下午巡查 3 号楼消防通道畅通。\n", encoding="utf-8")
    stats = check(tmp_path, warmed, append)
    assert stats["cache_hits"] > 0 and stats["cache_misses"] >= 1


def test_one_record_added(tmp_path, warmed):
    def add(root: Path) -> None:
        text = (root / SLIP).read_text(encoding="utf-8")
        new = root / "records/slips/2026/10/S-20261030-xu-ting-01.md"
        new.parent.mkdir(parents=True)
        new.write_text(text.replace("S-20261101-xu-ting-01", "S-20261030-xu-ting-01")
                       .replace("2026-11-01", "2026-10-30").replace("2026-11-02", "2026-10-31")
                       .replace("2026-11-03", "2026-10-31"), encoding="utf-8")
    stats = check(tmp_path, warmed, add)
    assert stats["cache_hits"] > 0


def test_one_record_deleted(tmp_path, warmed):
    check(tmp_path, warmed, lambda root: (root / LOG).unlink())


def test_org_changed(tmp_path, warmed):
    def rename(root: Path) -> None:
        org = root / "records/org.yml"
        text = org.read_text(encoding="utf-8")
        assert "name: 李娜," in text
        org.write_text(text.replace("name: 李娜,", "name: 李娜娜,"), encoding="utf-8")
    stats = check(tmp_path, warmed, rename)
    assert stats["cache_hits"] == 0      # every page may show a name from org.yml


def test_handbook_page_changed(tmp_path, warmed):
    def page(root: Path) -> None:
        (root / "handbook").mkdir()
        (root / "handbook/index.md").write_text("# 首页\n\n本小区客服部手册，另见[记录](records/index.md)。\n",
                                                encoding="utf-8")
    stats = check(tmp_path, warmed, page)
    assert stats["cache_hits"] > 0


def test_theme_changed(tmp_path, warmed):
    def theme(root: Path) -> None:
        (root / "handbook").mkdir()
        text = SHIPPED_CONFIG.read_text(encoding="utf-8")
        assert "  language: zh\n" in text
        (root / "mkdocs.yml").write_text(text.replace("  language: zh\n", "  language: zh\n  palette:\n"
                                                      "    primary: teal\n"), encoding="utf-8")
    check(tmp_path, warmed, theme)


def test_now_moves_on(tmp_path, warmed):
    """A later "now": slips become overdue, the board's time changes; pages that never print now are reused."""
    stats = check(tmp_path, warmed, lambda root: None, now="2026-12-03 08:00")
    assert stats["cache_hits"] > 0 and stats["cache_misses"] > 0


def test_corrupt_cache_gives_the_same_site(tmp_path, warmed):
    """Entries cut short, with a flipped byte, replaced by noise or by another page's entry: all misses, same site."""
    def spoil(root: Path) -> None:
        entries = sorted((root / CACHE_DIR).rglob("*.bin"))
        assert len(entries) > 8
        for i, entry in enumerate(entries):
            raw = entry.read_bytes()
            damage = i % 4
            if damage == 0:
                entry.write_bytes(raw[: len(raw) // 2])
            elif damage == 1:
                at = len(raw) - 7
                entry.write_bytes(raw[:at] + bytes([raw[at] ^ 0x20]) + raw[at + 1:])
            elif damage == 2:
                entry.write_bytes(os.urandom(64))
            else:
                entry.write_bytes(entries[i - 1].read_bytes())
    stats = check(tmp_path, warmed, spoil)
    assert stats["cache_hits"] == 0


def test_cache_off_renders_the_same(tmp_path, warmed, monkeypatch):
    """WUTONG_NO_CACHE: nothing read or kept, and the same site as with the cache."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "sample_desk", root)
    monkeypatch.setenv("WUTONG_NO_CACHE", "1")
    stats = build(root, tmp_path / "plain")
    assert not (root / ".wutong-cache").exists() and "cache_hits" not in stats
    assert_same_site(tmp_path / "plain", warmed / "site")


def test_cache_stays_in_its_folder(warmed):
    """Only .wutong-cache/ is written (site/, and validate/ by the validation before it); nothing under records/."""
    written = {p.relative_to(warmed / ".wutong-cache").parts[0] for p in (warmed / ".wutong-cache").rglob("*")}
    assert written == {".gitignore", "site", "validate"}   # its own .gitignore: "*"
    assert not [p for p in (warmed / "records").rglob("*") if "wutong" in p.name]


def test_a_cache_another_tool_wrote_is_not_used(tmp_path, warmed, monkeypatch):
    """Every page's key starts with the tool's one fingerprint (`validate.cache.fingerprint`, which the validation
    packs' header carries too): after an upgrade, every page is rendered again."""
    from wutong_docs.validate import cache as caches

    monkeypatch.setattr(caches, "fingerprint", lambda: b"another version of wutong")
    stats = check(tmp_path, warmed, lambda root: None)
    assert stats["cache_hits"] == 0 and stats["cache_misses"] > 10
