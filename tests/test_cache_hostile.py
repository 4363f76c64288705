"""A cache file planted in a repository is at worst data: nothing in it runs, and the run gives what it gives without it.

Each payload below would `touch` a marker file when unpickled (`test_every_payload_is_live`
shows it under plain `pickle.loads`): protocol 0 and 2 pickles calling os.system, protocol 4
ones calling it and, by a dotted name through a wutong module (`wutong_docs.core.output` +
`subprocess.Popen`), the trick that got past the old restricted unpickler. Each is planted in
every cache folder (the validation packs, bare and behind a copied real header with a right
checksum, or behind the header of the old pickle format; the site cache's entries, bare and
behind its header; the 月报 PDFs), then `wutong validate` and `wutong build` run as the CLI
does, in a process of their own. The marker never appears, the output is that of a run
without the cache, and every cache file is good again afterwards.

With the same files committed (`git add -f .wutong-cache`) no cache is read or written at
all, and the warning says so once per run; the server's pre-receive hook never trusts one.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, REPO
from wutong_docs.validate import cache_format, loader, record_cache, cache as validate_cache
from wutong_docs.cli.main import cli
from wutong_docs.outputs.site import cache as site_cache

NOW = "2026-11-27 12:00"
CACHE = ".wutong-cache"
WARNING = ("警告：Git 跟踪着 .wutong-cache/ 里的 {count} 个文件（如 {example}），大概是用 git add -f 提交的。"
           "缓存只属于本机、不应提交：提交进来的缓存可能被人改过，所以这次不读也不写缓存（结果不变，只是慢一些）。"
           "请在 .wutong-cache/ 所在的文件夹运行 git rm -r --cached .wutong-cache 并提交。")


# -- the payloads ------------------------------------------------------------------------------------
def _text(value: str) -> bytes:
    """SHORT_BINUNICODE: a str on the pickle machine's stack."""
    raw = value.encode()
    return b"\x8c" + bytes([len(raw)]) + raw


class _System:
    def __init__(self, command: str):
        self.command = command

    def __reduce__(self):
        return (os.system, (self.command,))


def payloads(marker: Path) -> dict[str, bytes]:
    """name -> a pickle that touches `marker` when loaded."""
    command = f"touch {marker}"
    return {
        "protocol 0 os.system": b"cos\nsystem\n(S'" + command.encode() + b"'\ntR.",
        "protocol 2 os.system": pickle.dumps(_System(command), protocol=2),
        "protocol 4 os.system": pickle.dumps(_System(command), protocol=4),
        # STACK_GLOBAL "wutong_docs.core.output" "subprocess.Popen", then REDUCE (["touch", marker],)
        "protocol 4 dotted Popen": (b"\x80\x04" + _text("wutong_docs.core.output") + _text("subprocess.Popen") + b"\x93"
                                    + b"((" + _text("touch") + _text(str(marker)) + b"ltR."),
    }


NAMES = list(payloads(Path("/m")))


def test_every_payload_is_live(tmp_path):
    """Control: plain pickle.loads of each payload does touch the marker, so its absence below means something."""
    for name, payload in payloads(tmp_path / "marker").items():
        (tmp_path / "payload").write_bytes(payload)
        subprocess.run([sys.executable, "-c", "import pickle, sys; pickle.loads(open(sys.argv[1], 'rb').read())",
                        str(tmp_path / "payload")], env=dict(os.environ, PYTHONPATH=str(REPO)), check=True)
        assert _appears(tmp_path / "marker"), name
        (tmp_path / "marker").unlink()


def _appears(marker: Path, wait: float = 2.0) -> bool:
    """Whether `marker` exists, waiting a little for a `touch` started without waiting for it (Popen)."""
    until = time.monotonic() + wait
    while time.monotonic() < until:
        if marker.exists():
            return True
        time.sleep(0.05)
    return marker.exists()


# -- planting -------------------------------------------------------------------------------------
def pack_header() -> bytes:
    return record_cache.MAGIC + record_cache.FORMAT.to_bytes(2, "big") + validate_cache.fingerprint()


def plant(root: Path, payload: bytes) -> list[Path]:
    """Every cache file under `root` replaced by `payload`, in each of the ways an attacker would dress it."""
    files = sorted(p for p in (root / CACHE).rglob("*") if p.is_file() and p.name != ".gitignore")
    folders = {p.parent.relative_to(root / CACHE).parts[0] for p in files}
    assert folders == {"validate", "site", "report-pdf"}, folders
    old_head = record_cache.MAGIC + (2).to_bytes(2, "big") + validate_cache.fingerprint()
    for i, path in enumerate(files):
        if path.suffix == ".pack":
            dressed = [payload, pack_header() + zlib.crc32(payload).to_bytes(4, "big") + payload, old_head + payload]
        elif path.suffix == ".bin":
            dressed = [payload, site_cache.MAGIC + hashlib.blake2b(payload, digest_size=20).hexdigest().encode()
                       + b"\n" + payload]
        else:
            dressed = [payload]
        path.write_bytes(dressed[i % len(dressed)])
    return files


# -- running as the CLI does ------------------------------------------------------------------------
def wutong(root: Path, *args: str, path: str | None = None, pdfs: Path | None = None,
           timeout: float = 600) -> subprocess.CompletedProcess:
    """`python -m wutong_docs --root ROOT ARGS…` in a process of its own, with the caches on and kept in the repository
    (the 月报 PDFs in `pdfs` instead, when given)."""
    env = {k: v for k, v in os.environ.items() if k not in ("WUTONG_NO_CACHE", "WUTONG_REPORT_PDF_CACHE")}
    env.update(PYTHONPATH=str(REPO), WUTONG_NOW=NOW, WUTONG_NO_PROGRESS="1")
    if path is not None:
        env["PATH"] = path
    if pdfs is not None:
        env["WUTONG_REPORT_PDF_CACHE"] = str(pdfs)
    return subprocess.run([sys.executable, "-m", "wutong_docs", "--root", str(root), *args], cwd=root, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def seen(done: subprocess.CompletedProcess) -> tuple[int, str, str]:
    return done.returncode, done.stdout, done.stderr


def site_files(site: Path) -> dict[str, bytes]:
    """The built site, file by file (the 月报 PDFs too: printing the same page twice gives the same bytes)."""
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    assert [name for name in files if name.endswith(".pdf")] == ["reports/2026-11.pdf"]
    return files


def assert_caches_good(root: Path) -> None:
    """Every cache file is one this tool wrote: no payload is left, each reads back."""
    packs = sorted((root / CACHE / "validate").glob("*.pack"))
    entries = sorted((root / CACHE / "site").rglob("*.bin"))
    pdfs = sorted((root / CACHE / "report-pdf").glob("*.pdf"))
    assert packs and entries and pdfs
    assert all(record_cache._read_pack(p, pack_header()) is not None for p in packs)
    assert all(site_entry_good(root, p) for p in entries)
    assert all(p.read_bytes().startswith(b"%PDF-") and p.read_bytes().rstrip().endswith(b"%%EOF") for p in pdfs)


def site_entry_good(root: Path, path: Path) -> bool:
    """Whether a site cache entry reads back (`cache._decode`) under the name its file is named for."""
    raw = path.read_bytes()
    try:
        name = json.loads(raw[len(site_cache.MAGIC):].split(b"\n", 2)[1])["name"]
    except (ValueError, IndexError, KeyError, TypeError):
        return False
    store = site_cache.Store(root)
    return site_cache._decode(raw, name) is not None and store._path(path.parent.name, name) == path


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict:
    """`good` validated and built with no cache at all (its PDFs printed afresh): what every run below must give."""
    root = tmp_path_factory.mktemp("reference") / "repo"
    shutil.copytree(FIXTURES / "good", root)
    validated = seen(wutong(root, "--no-cache", "validate"))
    built = wutong(root, "--no-cache", "build", pdfs=tmp_path_factory.mktemp("fresh-pdfs"))
    assert built.returncode == 0, built.stderr
    assert not (root / CACHE).exists()
    return {"validate": validated, "site": site_files(root / "site")}


@pytest.fixture
def cached(tmp_path) -> Path:
    """A copy of `good` whose three caches a build filled."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "good", root)
    assert wutong(root, "build").returncode == 0
    return root


@pytest.mark.parametrize("name", NAMES)
def test_a_planted_cache_runs_nothing_changes_nothing_and_is_rebuilt(name, cached, reference, tmp_path):
    marker = tmp_path / "marker"
    plant(cached, payloads(marker)[name])
    assert seen(wutong(cached, "validate")) == reference["validate"]
    assert not _appears(marker, wait=0.5)
    plant(cached, payloads(marker)[name])
    built = wutong(cached, "build")
    assert built.returncode == 0, built.stderr
    assert site_files(cached / "site") == reference["site"]
    assert not _appears(marker)
    assert_caches_good(cached)
    assert seen(wutong(cached, "validate")) == reference["validate"]   # and the rebuilt cache gives the same


def test_links_and_fifos_in_place_of_cache_files_are_passed_over(cached, reference):
    """A link to /dev/zero or a FIFO where a cache file was: reading either would never end; each is a miss, replaced."""
    files = sorted(p for p in (cached / CACHE).rglob("*") if p.is_file() and p.name != ".gitignore")
    for i, path in enumerate(files):
        path.unlink()
        if i % 2:
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
    assert seen(wutong(cached, "validate", timeout=120)) == reference["validate"]
    built = wutong(cached, "build", timeout=300)
    assert built.returncode == 0, built.stderr
    assert site_files(cached / "site") == reference["site"]
    assert_caches_good(cached)
    assert not [p for p in (cached / CACHE).rglob("*") if p.is_symlink() or not (p.is_file() or p.is_dir())]


# -- a cache that Git tracks --------------------------------------------------------------------------
def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main",
                           *args], cwd=root, check=True, capture_output=True, text=True).stdout


def test_a_committed_cache_is_never_read_nor_written_and_the_warning_says_what_to_do(cached, reference, tmp_path):
    marker = tmp_path / "marker"
    git(cached, "init", "-q")
    (cached / ".gitignore").write_text("/site/\n", encoding="utf-8")
    git(cached, "add", "-A")
    git(cached, "commit", "-qm", "records")
    plant(cached, payloads(marker)["protocol 4 dotted Popen"])
    git(cached, "add", "-f", CACHE)
    git(cached, "commit", "-qm", "the cache, by mistake or not")
    tracked = git(cached, "ls-files", CACHE).split()
    committed = {p: (cached / p).read_bytes() for p in tracked}
    example = next(p for p in tracked if not p.endswith("/.gitignore"))   # the files themselves, not their .gitignore
    warning = WARNING.format(count=len(tracked), example=example)

    validated = wutong(cached, "validate")
    assert (validated.returncode, validated.stdout) == reference["validate"][:2]
    assert validated.stderr.splitlines().count(warning) == 1
    assert validated.stderr.replace(warning + "\n", "", 1) == reference["validate"][2]
    built = wutong(cached, "build")
    assert built.returncode == 0, built.stderr
    assert built.stderr.count(warning) == 1 and built.stderr.count("警告：Git 跟踪着") == 1   # once for the whole run
    assert site_files(cached / "site") == reference["site"]
    assert not _appears(marker)
    assert {p: (cached / p).read_bytes() for p in tracked} == committed   # not written over: git sees no change
    assert git(cached, "status", "--porcelain") == ""

    git(cached, "rm", "-r", "-q", "--cached", CACHE)   # what the warning says to do
    git(cached, "commit", "-qm", "the cache is not ours to commit")
    again = wutong(cached, "validate")
    assert seen(again) == reference["validate"]
    packs = sorted((cached / CACHE / "validate").glob("*.pack"))   # used and written again
    assert packs and all(record_cache._read_pack(p, pack_header()) is not None for p in packs)


def test_a_cache_git_ignores_is_used_as_always(tmp_path, monkeypatch):
    """In a Git repository whose cache is ignored (as `.wutong-cache/.gitignore` makes it), the warm run parses nothing."""
    monkeypatch.delenv(validate_cache.ENV_OFF, raising=False)
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "good", root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "records")
    parsed: list[str] = []
    real = loader.parse_bytes
    monkeypatch.setattr(loader, "parse_bytes", lambda rel, raw, kind: (parsed.append(rel), real(rel, raw, kind))[1])
    runs = [CliRunner().invoke(cli, ["--root", str(root), "validate"], catch_exceptions=False) for _ in range(2)]
    assert parsed and len(parsed) == len(set(parsed))   # the first run parsed each file, the second none
    assert runs[0].output == runs[1].output and runs[1].output.startswith("已校验 ")   # no warning, no notice
    assert len(runs[1].output.splitlines()) == 1
    assert git(root, "status", "--porcelain") == ""


def test_without_git_to_ask_a_repository_uses_no_cache_and_says_why(tmp_path, reference):
    """A .git folder but no git command (or one that refuses the folder): the cache may have come with a commit."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "good", root)
    git(root, "init", "-q")
    empty = tmp_path / "bin"
    empty.mkdir()
    done = wutong(root, "validate", path=str(empty))
    notice = ("提示：无法确认 .wutong-cache/ 里有没有被 Git 跟踪的文件（找不到 git 命令：请先安装 Git，并确认在命令行中能运行 git），"
              "这次不读也不写缓存（结果不变，只是慢一些）。")
    assert (done.returncode, done.stdout) == reference["validate"][:2]
    assert done.stderr == notice + "\n" + reference["validate"][2]
    assert not (root / CACHE).exists()


# -- the server's pre-receive hook --------------------------------------------------------------------
def test_the_pre_receive_hook_does_not_believe_a_pushed_cache(tmp_path):
    """A pack forged to say that a broken log has no problems, pushed with it: the hook still refuses the push."""
    CliRunner().invoke(cli, ["init", str(tmp_path / "init")], catch_exceptions=False)   # for its hook
    clone, server = tmp_path / "clone", tmp_path / "server.git"
    shutil.copytree(FIXTURES / "good", clone)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1", "LANG": "C.UTF-8",
           "WUTONG": f"{sys.executable} -m wutong_docs", "PYTHONPATH": str(REPO)}

    def run_git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c",
                               "init.defaultBranch=main", *args], cwd=cwd, env=env, capture_output=True, text=True)

    assert run_git(tmp_path, "init", "--bare", str(server)).returncode == 0
    shutil.copy(tmp_path / "init/hooks/pre-receive", server / "hooks/pre-receive")
    (server / "hooks/pre-receive").chmod(stat.S_IRWXU)
    log = "records/logs/2026/11/2026-11-26-li-na.md"
    good = (clone / log).read_text(encoding="utf-8")
    broken = good.replace("## 次日工作计划", "## 别的小节", 1)
    assert broken != good
    forge(clone, log, good, broken)
    for args in (("init", "-q"), ("add", "-A"), ("add", "-f", CACHE), ("commit", "-qm", "带着伪造的缓存"),
                 ("remote", "add", "origin", str(server))):
        assert run_git(clone, *args).returncode == 0
    assert run_git(clone, "ls-files", CACHE).stdout   # the forged pack is in the push
    pushed = run_git(clone, "push", "origin", "main")
    assert pushed.returncode == 1, pushed.stderr
    assert f"remote: {log}:" in pushed.stderr and "pre-receive hook declined" in pushed.stderr


def forge(root: Path, log: str, good: str, broken: str) -> None:
    """Validate `root` with the good log (its pack now says: no problems), then make the pack say so of the broken one."""
    env = {k: v for k, v in os.environ.items() if k != "WUTONG_NO_CACHE"}
    env["PYTHONPATH"] = str(REPO)

    def validate(*options: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "wutong_docs", "--root", str(root), *options, "validate"],
                              cwd=root, env=env, capture_output=True, text=True)

    (root / log).write_text(good, encoding="utf-8")
    assert validate().returncode == 0
    (root / log).write_text(broken, encoding="utf-8")
    head = pack_header()
    for pack in (root / CACHE / "validate").glob("*.pack"):
        folder, entries, references = record_cache._read_pack(pack, head)
        if log in entries:
            entries[log] = (record_cache.digest(broken.encode("utf-8")), *entries[log][1:])
            body = cache_format.encode((folder, entries, references))
            pack.write_bytes(head + zlib.crc32(body).to_bytes(4, "big") + body)
            break
    else:
        raise AssertionError("no pack holds the log")
    # the forgery works where a cache is believed: this tree validates clean with it, and not without it
    believed, honest = validate(), validate("--no-cache")
    assert believed.returncode == 0 and honest.returncode == 1, (believed.stdout, honest.stdout)
