"""`scripts/system-packages.sh`: what `make site` and `make test` ask of a bare Debian machine, and CI runs both.

The script is run for real with `sh`, on a PATH whose first folder holds stand-ins for the
programs it asks (`fc-list`, `id`, `ldconfig`, `apt-get`), so the tests see what a machine
without a Chinese font, as an ordinary user or as root, would see, whatever this machine has.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from conftest import REPO

SCRIPT = REPO / "scripts/system-packages.sh"
LIBRARIES = ("\tlibpango-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpango-1.0.so.0\n"
             "\tlibpangoft2-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpangoft2-1.0.so.0\n"
             "\tlibharfbuzz-subset.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libharfbuzz-subset.so.0\n")


def stand_in(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def machine(tmp_path: Path, *, uid: int, fonts: str = "", libraries: str = LIBRARIES, bare: bool = False) -> dict:
    """The environment of a machine whose fontconfig lists `fonts` for Chinese, whose user is `uid`, and whose
    apt-get only writes down how it was called; `bare`: no other program either (no fc-list, chromium, git)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    stand_in(bin_dir, "id", f"echo {uid}")
    stand_in(bin_dir, "ldconfig", f"printf '%s' '{libraries}'")
    stand_in(bin_dir, "apt-get", f'echo "apt-get $*" >> {tmp_path}/apt.log')
    if bare:
        os.symlink(shutil.which("grep"), bin_dir / "grep")
    else:
        stand_in(bin_dir, "fc-list", f"printf '%s' '{fonts}'")
    path = str(bin_dir) if bare else f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    return {"PATH": path, "LANG": "C.UTF-8"}


def run(what: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", str(SCRIPT), what], capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=60)


def test_site_without_a_chinese_font_as_an_ordinary_user_prints_the_command_and_stops(tmp_path):
    done = run("site", machine(tmp_path, uid=1000))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == ("缺少系统软件包： fonts-noto-cjk\n"
                           "请先运行（需要管理员权限）：\n"
                           "  sudo apt-get update && sudo apt-get install -y --no-install-recommends fonts-noto-cjk\n"
                           "然后再运行 make site\n")
    assert not (tmp_path / "apt.log").exists()


def test_site_without_a_chinese_font_as_root_installs_it_with_apt(tmp_path):
    done = run("site", machine(tmp_path, uid=0))
    assert (done.returncode, done.stdout, done.stderr) == (0, "安装缺少的系统软件包： fonts-noto-cjk\n", "")
    assert (tmp_path / "apt.log").read_text(encoding="utf-8") == (
        "apt-get update -q\napt-get install -y -q --no-install-recommends fonts-noto-cjk\n")


def test_site_with_a_chinese_font_and_pango_needs_nothing(tmp_path):
    done = run("site", machine(tmp_path, uid=1000, fonts="Noto Sans CJK SC\n"))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_bare_machine_needs_fontconfig_and_pango_for_the_site_and_more_for_the_tests(tmp_path):
    done = run("site", machine(tmp_path, uid=1000, libraries="", bare=True))
    pdf = " fontconfig fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
    assert (done.returncode, done.stderr.splitlines()[0]) == (1, f"缺少系统软件包：{pdf}")
    done = run("test", machine(tmp_path / "t", uid=1000, libraries="", bare=True))
    assert (done.returncode, done.stderr.splitlines()[0]) == (1, f"缺少系统软件包：{pdf} chromium poppler-utils git")


def test_an_unknown_argument_says_how_to_call_it(tmp_path):
    done = run("sight", machine(tmp_path, uid=1000))
    assert (done.returncode, done.stderr) == (2, "用法：sh scripts/system-packages.sh site|test\n")


def test_ci_runs_the_readmes_two_commands_site_first():
    """The README's set-up commands are what CI runs, in the same order: the site is built before the tests run."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make site", "make test"]
    ci = [line.strip() for line in (REPO / ".ci/run").read_text(encoding="utf-8").splitlines()]
    assert [line for line in ci if line.startswith("make ")] == commands
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "\t@sh scripts/system-packages.sh site\n" in makefile and "\t@sh scripts/system-packages.sh test\n" in makefile
