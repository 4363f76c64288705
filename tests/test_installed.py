"""The installed path: the wheel alone, in a fresh venv, runs every command in a `wutong init` repository.

Why: an editable install (and PYTHONPATH) reaches into the checkout, so a file the
package forgets to ship still works in every other test. Here the wheel is built from
a copy of the sources, installed into a new virtual environment, and run with its
working directory outside the checkout, the way pre-commit and a second estate use it.

With CI set (CI=true), the wheel is installed with all its dependencies from the
package index (a minute or two). Otherwise it is installed with --no-deps, and the
dependencies are borrowed from the running interpreter's site-packages through a .pth
file; only plain path entries, so the checkout's editable install (itself a .pth
there) stays invisible, which the test asserts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")

DAY = "2026-12-01"
NEW = [  # every kind `wutong new` makes, on one day, by the staff of the org.yml skeleton
    ("log", "--staff", "qian-li", "--date", DAY),
    ("log", "--staff", "sun-yu", "--date", DAY),
    ("slip", "--staff", "sun-yu", "--opened", f"{DAY} 10:00", "--channel", "phone", "--category", "repair",
     "--unit", "1-2-501", "--contact", "陈先生 13812345678", "--to", "engineering"),
    ("minutes", "--kind", "weekly", "--date", DAY),
    ("weekly", "--staff", "qian-li", "--date", DAY),
    ("notice", "--kind", "outage", "--posted", DAY, "--name", "water-cut"),
    ("roster", "--month", DAY[:7]),
    # the supervisor's registers (issue 22): their templates and checklists ship in the wheel too
    ("case", "--home", "1-2-501", "--amount", "3600.00", "--by", "zhao-min", "--opened", DAY),
    ("legacy", "--title", "1栋屋面渗水", "--area", "A", "--by", "zhao-min", "--opened", DAY),
    ("workorder", "--to", "engineering", "--subject", "1栋屋面渗水复查", "--by", "zhao-min", "--sent", DAY),
]
FILLED = {"time": '"09:40"', "note": '"巡查 1 栋，正常"', "title": '"1 栋停水通知"', "units": "all", "topic": '"周例会"'}


def run(cmd: list, cwd: Path, env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    said = done.stdout + done.stderr
    assert done.returncode == 0 and "Traceback" not in said, f"{cmd}\n{said}"
    return done


def fill(text: str) -> str:
    """What a user does with a scaffold: write something where the template left a blank or a hint."""
    text = re.sub(r"<!--.*?-->", "1. 已按计划完成，情况正常。", text, flags=re.S)
    for key, value in FILLED.items():
        text = re.sub(rf'^(\s*(?:- )?{key}): ""$', rf"\1: {value}", text, flags=re.M)
    return text


def build_wheel(tmp: Path) -> Path:
    """The wheel of a clean copy of the sources (the checkout gets no build/ or egg-info)."""
    src = tmp / "src"
    shutil.copy(REPO / "pyproject.toml", src.mkdir() or src / "pyproject.toml")
    shutil.copytree(REPO / "wutong_docs", src / "wutong_docs", ignore=shutil.ignore_patterns("__pycache__"))
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", tmp / "dist", src], cwd=tmp, env=_env())
    wheel, = (tmp / "dist").glob("wutong_docs-*.whl")
    return wheel


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(LANG="C.UTF-8", NO_MKDOCS_2_WARNING="1", **extra)
    return env


def test_the_wheel_ships_every_file_of_the_package(tmp_path):
    wheel = build_wheel(tmp_path)
    shipped = set(zipfile.ZipFile(wheel).namelist())
    sources = {p.relative_to(REPO).as_posix() for p in (REPO / "wutong_docs").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert sources - shipped == set()
    for needed in ("wutong_docs/data/templates/new/log.md.j2", "wutong_docs/data/mkdocs.yml",
                   "wutong_docs/data/handbook/assets/wutong-search.js", "wutong_docs/data/init/pre-receive.j2"):
        assert needed in shipped


def test_every_command_runs_from_the_installed_wheel_in_a_new_estates_repository(tmp_path):
    wheel = build_wheel(tmp_path)
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path, env=_env())
    python = venv / "bin/python"
    if os.environ.get("CI"):
        run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", wheel], cwd=tmp_path,
            env=_env(), timeout=900)
    else:
        run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel],
            cwd=tmp_path, env=_env())
        site = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                   cwd=tmp_path, env=_env()).stdout.strip()
        borrowed = [p for p in sys.path if Path(p).name == "site-packages"]
        Path(site, "borrowed-dependencies.pth").write_text("\n".join(borrowed) + "\n", encoding="utf-8")
    env = _env(PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}")
    where = run([python, "-c", "import wutong_docs; print(wutong_docs.__file__)"], cwd=tmp_path, env=env).stdout
    assert Path(where.strip()).is_relative_to(venv), where  # the wheel's copy, not the checkout

    wutong = venv / "bin/wutong"
    run([wutong, "init", "repo", "--estate", "银杏苑"], cwd=tmp_path, env=env)
    repo, out = tmp_path / "repo", tmp_path / "out"
    out.mkdir()
    # init wrote today as the estate's start (since:); these records are dated DAY, so the estate starts then
    org_yml = repo / "records/org.yml"
    org_yml.write_text(re.sub(r"(?m)^since: \S+", f"since: {DAY}", org_yml.read_text(encoding="utf-8")), encoding="utf-8")
    for args in NEW:
        made = repo / run([wutong, "new", *args], cwd=repo, env=env).stdout.strip()
        made.write_text(fill(made.read_text(encoding="utf-8")), encoding="utf-8")
    validated = run([wutong, "validate"], cwd=repo, env=env)
    # org.yml, duties.yml, checklists.yml, calendar.yml and the 10 records made above
    assert (validated.stdout, validated.stderr) == ("", "已校验 14 个文件：0 个错误，0 个警告\n")
    # since issue 21 a day's check asks for every duty's evidence (citations, inspections …), which these blank
    # drafts do not give: the check runs from the wheel and names, for each thing missing, its duty
    checked = subprocess.run([str(wutong), "check", "--date", DAY, "--since", DAY, "--format", "json"], cwd=repo,
                             env=env, capture_output=True, text=True, timeout=300)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr, checked.stderr
    gaps = json.loads(checked.stdout)["gaps"]
    assert gaps and all(g["duty_id"] and g["due"] <= DAY for g in gaps)
    for fmt in ("html", "md", "ics"):
        run([wutong, "calendar", "--role", "area_manager", "--month", "2026-12", "--format", fmt,
             "-o", out / f"calendar.{fmt}"], cwd=repo, env=env)
        assert (out / f"calendar.{fmt}").stat().st_size > 500
    run([wutong, "notice", "render", "records/notices/2026/12/water-cut.md", "--pdf", out / "notice.pdf"],
        cwd=repo, env=env)
    assert (out / "notice.pdf").read_bytes().startswith(b"%PDF")
    run([wutong, "build"], cwd=repo, env=env)
    assert "1 栋停水通知" in (repo / "site/records/notice/2026-12.html").read_text(encoding="utf-8")
    assert (repo / "site/procedures/key-loan.html").is_file()

    # the three tracebacks, in a folder holding only records/ (no mkdocs.yml, handbook/ or templates/)
    bare = tmp_path / "records-repo"
    shutil.copytree(REPO / "tests/fixtures/good/records", bare / "records")
    shutil.copy(REPO / "wutong_docs/data/duties.yml", bare / "records/duties.yml")
    made = bare / run([wutong, "new", "log", "--staff", "li-na", "--date", DAY], cwd=bare, env=env).stdout.strip()
    made.write_text(fill(made.read_text(encoding="utf-8")), encoding="utf-8")
    run([wutong, "calendar", "--role", "front_desk", "--month", "2026-12", "-o", out / "x.html"], cwd=bare, env=env)
    run([wutong, "build"], cwd=bare, env=env)
    assert sorted(p.name for p in bare.iterdir()) == ["records", "site"]
