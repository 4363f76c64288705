"""Bounded input: every hostile file of issue 8 becomes one `path:line` problem, fast, never a traceback or a hang.

The codes' own fixtures (tests/fixtures/bad/WT008 … WT019) show one case each;
these tests feed the rest of the corpus: the same bounds on org.yml, duties.yml
and calendar.yml, every spelling of a bad number or tag, every kind of link
and special file, unreadable files and folders, and bodies each renderer
would choke on. The tests run as root, so "unreadable" is simulated by making
`os.open` / `os.scandir` fail with PermissionError for the path in question.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from conftest import REPO, wutong
from wutong_docs.read.body_limits import check_body
from wutong_docs.read.limits import MAX_BODY_CHARS
from wutong_docs.outputs.site.escape import body_html
from wutong_docs.read.front_matter import parse_markdown
from wutong_docs.read.yaml_lines import parse_yaml

LOG = "records/logs/2026/11/2026-11-25-li-na.md"
GOOD_LOG = "records/logs/2026/11/2026-11-26-li-na.md"
BODY = "## 今日完成情况\n\n1. 巡查A区两次。\n\n## 次日工作计划\n\n1. 跟进装修垃圾清运。\n"
LAUGHS = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
          + "".join(f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")))


def write_log(root, front: str = "", body: str = BODY, rel: str = LOG) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ndate: 2026-11-25\nstaff: li-na\n{front}---\n{body}", encoding="utf-8")


def validate(root, *args):
    result = wutong(root, "validate", *args)
    return result.exit_code, result.stdout


# --- YAML: aliases, nesting, value length -----------------------------------------------

def test_billion_laughs_is_refused_in_well_under_a_second(good_repo):
    write_log(good_repo, LAUGHS)
    start = time.perf_counter()
    assert validate(good_repo) == (1, f"{LOG}:8: error WT013 别名 *d 展开后值超过 50,000 个；"
                                      "不要用 & 和 * 别名，过大的文件请拆分\n")
    assert time.perf_counter() - start < 5  # was 126 s and 9.8 GB before the bound


@pytest.mark.parametrize("yaml_text", ["x: &a [*a]\n", "x: &a {b: [1, *a]}\n"])
def test_an_alias_inside_its_own_anchor_is_refused(yaml_text):
    doc, found = parse_yaml(yaml_text, "records/org.yml")
    assert doc is None
    assert [p.as_text() for p in found] == [
        "records/org.yml:1: error WT014 别名 *a 写在它自己的 &a 之内，展开后没有尽头；请把内容直接写出来，不用别名"]


@pytest.mark.parametrize("text", [
    "x: " + "[" * 5000 + "]" * 5000 + "\n",
    "x: " + "[" * 500_000 + "]" * 500_000 + "\n",  # composing this crashed the interpreter (C recursion)
    "x: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n",
    "".join(" " * i + "a:\n" for i in range(5000)) + " " * 5000 + "b: 1\n",
    "".join("- " * 5000) + "a\n",
])
def test_deep_nesting_is_a_problem_not_a_recursion_error(text):
    doc, found = parse_yaml(text, "records/org.yml")
    assert doc is None
    assert [(p.code, p.line) for p in found] == [("WT012", 1 if not text.startswith("a:") else 33)]


def test_values_shared_by_an_alias_keep_their_own_lines_and_are_not_shared_objects():
    doc, found = parse_yaml("a: &x\n  b: 1\n  c: [2]\nd: *x\n", "f.yml")
    assert found == []
    assert doc.data == {"a": {"b": 1, "c": [2]}, "d": {"b": 1, "c": [2]}}
    assert doc.data["a"]["c"] is not doc.data["d"]["c"]
    assert (doc.line("d"), doc.line("d", "b"), doc.line("d", "c", 0)) == (4, 2, 3)


@pytest.mark.parametrize("name", ["org.yml", "duties.yml", "calendar.yml"])
@pytest.mark.parametrize("text, code, line", [
    (LAUGHS, "WT013", 5), ("x: &a [*a]\n", "WT014", 1), ("x: " + "[" * 40 + "]" * 40 + "\n", "WT012", 1),
    ("x: " + "长" * 10_001 + "\n", "WT015", 1),
])
def test_the_same_bounds_hold_for_org_duties_and_calendar(good_repo, name, text, code, line):
    (good_repo / "records" / name).write_text(text, encoding="utf-8")
    status, out = validate(good_repo)
    assert status == 1
    assert out.startswith(f"records/{name}:{line}: error {code} ")
    assert out.count("\n") == 1 or name != "org.yml"  # without org.yml nothing else is reported


# --- numbers, tags and keys ---------------------------------------------------------------

@pytest.mark.parametrize("value, shown", [
    ("9" * 4301, "9" * 20 + "…"), ("0x_", "0x_"), ("0b_", "0b_"), ("!!int abc", "abc"), ("!!int 0x", "0x"),
])
def test_an_integer_that_cannot_be_read_is_a_problem(good_repo, value, shown):
    write_log(good_repo, f"patrols:\n  - time: \"09:40\"\n    note: {value}\n")
    assert validate(good_repo) == (1, f"{LOG}:6: error WT016 {shown} 不能按整数读取；"
                                      "去掉 !!int、!!float、!!bool 等标记，或加上引号写成文字\n")


@pytest.mark.parametrize("value, kind", [("!!float abc", "小数"), ("!!bool maybe", "是/否（true/false）")])
def test_a_float_or_bool_tag_that_cannot_be_read_is_a_problem(good_repo, value, kind):
    write_log(good_repo, f"note: {value}\n")
    status, out = validate(good_repo)
    assert (status, out.splitlines()[0]) == (1, f"{LOG}:4: error WT016 {value.split()[1]} 不能按{kind}读取；"
                                                "去掉 !!int、!!float、!!bool 等标记，或加上引号写成文字")


@pytest.mark.parametrize("key, what", [("[a, b]", "列表"), ("{a: 1}", "“字段: 值”"), ("? - a\n  - b\n", "列表")])
def test_a_key_that_is_a_list_or_mapping_is_named_in_chinese(good_repo, key, what):
    write_log(good_repo, key if key.startswith("?") else f"{key}: 巡查\n")
    status, out = validate(good_repo)
    assert status == 1
    assert out == f"{LOG}:4: error WT017 字段名应是文字，这里写成了{what}；列表和“字段: 值”只能写在冒号后面\n"
    assert "Node" not in out


# --- files: links, pipes, sockets, permissions ---------------------------------------------

def test_a_named_pipe_is_skipped_with_a_warning_and_never_waited_on(good_repo):
    os.mkfifo(good_repo / LOG)
    # a real process with a time limit: a regression would hang, not fail, in-process
    result = subprocess.run([sys.executable, "-m", "wutong_docs", "--root", str(good_repo), "validate"],
                            capture_output=True, text=True, timeout=60, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert (result.returncode, result.stdout) == (
        0, f"{LOG}:1: warning WT008 {LOG} 是命名管道，不是普通文件，已跳过；请删去它\n")


def test_a_socket_is_skipped_with_a_warning(good_repo, monkeypatch):
    monkeypatch.chdir(good_repo / "records/logs/2026/11")  # a socket's path must be short
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("2026-11-25-li-na.md")
        assert validate(good_repo) == (0, f"{LOG}:1: warning WT008 {LOG} 是套接字，不是普通文件，已跳过；请删去它\n")


def symlink_message(rel: str, target: str) -> str:
    return (f"{rel}:1: error WT009 {rel} 是符号链接（指向 {target}），不予读取：记录必须是仓库中的真实文件；"
            "请删去链接，把文件本身复制或移动到这个位置\n")


@pytest.mark.parametrize("target", ["outside", "missing.md", "2026-11-25-li-na.md", "loop.md"])
def test_a_record_that_is_a_symlink_is_refused_wherever_it_points(good_repo, tmp_path, target):
    secret = tmp_path / "outside.md"
    secret.write_text(f"---\ndate: 2026-11-25\nstaff: li-na\n---\n{BODY}业主 王秘密\n", encoding="utf-8")
    if target == "loop.md":
        (good_repo / "records/logs/2026/11/loop.md").symlink_to("loop.md")
    pointed = str(secret) if target == "outside" else target
    (good_repo / LOG).symlink_to(pointed)
    status, out = validate(good_repo)
    assert status == 1
    assert symlink_message(LOG, pointed) in out
    build = wutong(good_repo, "build", "-d", str(tmp_path / "site"))
    assert build.exit_code == 1
    assert "王秘密" not in "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))


def test_a_symlink_named_on_the_command_line_is_checked_as_a_link(good_repo):
    (good_repo / LOG).symlink_to("2026-11-26-li-na.md")
    assert validate(good_repo, str(good_repo / LOG)) == (1, symlink_message(LOG, "2026-11-26-li-na.md"))


def test_a_folder_that_is_a_symlink_is_refused_not_followed(good_repo, tmp_path):
    outside = tmp_path / "elsewhere/11"
    outside.mkdir(parents=True)
    (outside / "2026-11-25-li-na.md").write_text("not even a record", encoding="utf-8")
    (good_repo / "records/logs/2025").symlink_to(tmp_path / "elsewhere")
    assert validate(good_repo) == (1, symlink_message("records/logs/2025", str(tmp_path / "elsewhere")))


def test_an_arrears_list_that_is_a_symlink_is_refused(good_repo, tmp_path):
    (tmp_path / "list.csv").write_text("unit,name,amount,months\n", encoding="utf-8")
    target = good_repo / "records/arrears/2026/11/fees.csv"
    target.parent.mkdir(parents=True)
    target.symlink_to(tmp_path / "list.csv")
    status, out = validate(good_repo)
    assert (status, out) == (1, symlink_message("records/arrears/2026/11/fees.csv", str(tmp_path / "list.csv")))


def deny(monkeypatch, function: str, path) -> None:
    real = getattr(os, function)

    def fake(target, *args, **kwargs):
        if os.path.normpath(target) == os.path.normpath(path):
            raise PermissionError(13, "Permission denied", str(target))
        return real(target, *args, **kwargs)

    monkeypatch.setattr(os, function, fake)


def test_an_unreadable_folder_is_an_error_not_silently_skipped(good_repo, monkeypatch):
    write_log(good_repo, "staff: li-na\n")  # a problem in the readable folder next to it is still found
    deny(monkeypatch, "scandir", good_repo / "records/minutes/2026")
    status, out = validate(good_repo)
    assert status == 1
    assert out.splitlines() == [
        f"{LOG}:4: error WT004 字段 staff 写了两次（第一次在第 3 行）；YAML 只会保留后一个，请删去多余的一个",
        "records/minutes/2026:1: error WT010 文件夹 records/minutes/2026 无法读取："
        "没有读取权限；请检查权限（例如 chmod u+r），或找管理员处理",
    ]


def test_an_unreadable_org_yml_is_an_error(good_repo, monkeypatch):
    deny(monkeypatch, "open", good_repo / "records/org.yml")
    assert validate(good_repo) == (1, "records/org.yml:1: error WT010 文件 records/org.yml 无法读取："
                                      "没有读取权限；请检查权限（例如 chmod u+r），或找管理员处理\n")


def test_an_org_yml_that_is_a_pipe_is_an_error(good_repo):
    (good_repo / "records/org.yml").unlink()
    os.mkfifo(good_repo / "records/org.yml")
    assert validate(good_repo) == (1, "records/org.yml:1: warning WT008 records/org.yml 是命名管道，不是普通文件，已跳过；请删去它\n"
                                      "records/org.yml:1: error WT205 records/org.yml 不是普通文件，无法读取基础资料：请换成普通文件\n")


def test_a_huge_file_is_refused_without_being_read(good_repo):
    write_log(good_repo, body=BODY + "巡查。\n" * 300_000)  # 3 MB
    size = (good_repo / LOG).stat().st_size
    assert validate(good_repo) == (1, f"{LOG}:1: error WT011 文件有 {size:,} 字节，超过上限 1,048,576 字节（1 MB），"
                                      "未读取；请拆分文件，大的附件另行存放\n")


def test_notice_render_of_a_pipe_is_a_one_line_error(good_repo):
    notice = good_repo / "records/notices/2026/11/x.md"
    notice.parent.mkdir(parents=True)
    os.mkfifo(notice)
    result = wutong(good_repo, "notice", "render", str(notice))
    assert result.exit_code == 1
    assert "通知无法读取，未生成" in result.output and "Traceback" not in result.output


# --- bodies ------------------------------------------------------------------------------------

def body_problems(body: str) -> list[str]:
    return [p.as_text() for p in check_body(body, LOG, 10)]


DEEP = "这一行的列表或引用（>）嵌套了约 {} 层，超过上限 16 层；请减少缩进和嵌套，按普通的列表写法改正"


@pytest.mark.parametrize("levels", [20, 600])
def test_a_list_nested_600_deep_is_refused(good_repo, levels):
    deep = "".join("  " * i + "- 巡查\n" for i in range(levels))
    write_log(good_repo, body=BODY + "\n" + deep)
    status, out = validate(good_repo)
    if levels == 600:  # 360,000 characters of indentation: the length bound says it first
        assert (status, out) == (1, f"{LOG}:5: error WT018 正文有 362,448 个字符，超过上限 50,000；"
                                    "请拆成几份记录，大的附件另行存放\n")
    else:
        assert (status, out) == (1, f"{LOG}:29: error WT019 {DEEP.format(17)}\n")


@pytest.mark.parametrize("line, depth", [("- " * 600 + "巡查", 600), ("> " * 17 + "a", 17), ("1. " * 20 + "a", 20),
                                         (">" * 17 + " a", 17), ("\t" * 8 + "- a", 17)])
def test_lists_and_quotes_nested_on_one_line_are_refused(line, depth):
    assert body_problems(f"正文。\n\n{line}\n") == [f"{LOG}:12: error WT019 {DEEP.format(depth)}"]


def test_sixteen_levels_are_accepted():
    assert body_problems(">" * 16 + " a\n") == []
    assert body_problems("".join("  " * i + "- a\n" for i in range(16))) == []


@pytest.mark.parametrize("line", ["- - - - - - - - - - - - - - - - - - - -", "-" * 80, "* " * 30, "1. 2. 3."])
def test_rules_and_ordinary_lines_are_not_taken_for_deep_lists(line):
    assert body_problems(f"{line}\n\n正文。\n") == []


@pytest.mark.parametrize("size", [16_000, 49_000])
def test_a_long_line_of_open_brackets_is_refused_at_once(size):
    start = time.perf_counter()
    found = body_problems("[" * (size // 2) + "]" * (size // 2))
    assert found == [f"{LOG}:10: error WT019 这一段有 {size // 2} 个方括号或圆括号没有配对（或一层套一层），"
                     "超过上限 16；请把 [ ] 和 ( ) 成对写，或改用中文括号【】（）"]
    assert time.perf_counter() - start < 1


def test_stray_brackets_count_per_paragraph():
    assert len(body_problems("[ " * 17)) == 1
    assert body_problems("[ \n\n" * 17) == []
    assert body_problems("[链接](a) " * 200) == []


@pytest.mark.parametrize("prefix", ["[a](", "[a]: ", "[a](<", "![a]("])
def test_a_link_address_of_thousands_of_characters_is_refused(prefix):
    assert body_problems("正文。\n\n" + prefix + "今" * 2001) == [
        f"{LOG}:12: error WT019 链接地址（]( 或 ]: 之后）超过 2,000 个字符且中间没有空格；"
        "请缩短链接，或在 ] 之后加空格，把文字和链接分开"]
    assert body_problems(prefix + "今" * 2000) == []
    assert body_problems("[附件](a.pdf)" + "今" * 5000) == []  # a link, then a long sentence


def test_many_inline_marks_in_one_long_paragraph_are_refused():
    assert body_problems("&" * 8000) == [f"{LOG}:10: error WT019 正文中 * _ ` & < > [ ] 引号等 Markdown 符号太多，"
                                         "这一段又太长，排版会非常慢；请在段落之间空一行分段，或少用这些符号"]
    assert body_problems("&\n\n" * 8000) == []


def test_the_largest_body_accepted_renders_in_well_under_a_second_per_renderer():
    # just inside every bound: 16 levels of list, 16 open brackets, marks up to the budget
    body = "".join("  " * i + "- 巡查\n" for i in range(16)) + "\n" + "[" * 16 + "\n\n"
    body += "| 甲 | 乙 | 丙 |\n| - | - | - |\n" + "".join("| *甲* | _乙_ | `丙` |\n" for _ in range(1500))
    body += "\n" + "说明 *重点* 与 _备注_ 。" * 120 + "\n\n"
    body += "\n" + "今天巡查三号楼，一切正常。" * ((49_000 - len(body)) // 13)
    assert len(body) < 50_000 and body_problems(body) == []
    start = time.perf_counter()
    body_html(body)
    assert time.perf_counter() - start < 5  # ~0.3 s alone; generous for a shared CI machine


def test_a_body_over_the_length_bound_is_refused_before_any_other_check():
    assert body_problems("[" * 60_000) == [f"{LOG}:10: error WT018 正文有 60,000 个字符，超过上限 50,000；"
                                           "请拆成几份记录，大的附件另行存放"]


def test_the_front_matter_of_a_refused_body_is_still_read():
    doc, found = parse_markdown(f"---\ndate: 2026-11-25\nstaff: li-na\n---\n{'[' * 40}\n", LOG)
    assert found == [] and doc.body_line == 5


# --- the bounds themselves: what is exactly at a bound is read, one more is refused ----------------

def _list_of_values(total: int) -> str:
    """A document of `total` YAML values: the top mapping, the key x, the list, and total - 3 items."""
    return "x: [" + ", ".join(["1"] * (total - 3)) + "]\n"


@pytest.mark.parametrize("at_bound, over_bound, code", [
    ("x: " + "[" * 31 + "]" * 31 + "\n", "x: " + "[" * 32 + "]" * 32 + "\n", "WT012"),   # 32 levels, 33
    ("x: " + "长" * 10_000 + "\n", "x: " + "长" * 10_001 + "\n", "WT015"),
    (_list_of_values(50_000), _list_of_values(50_001), "WT013"),
])
def test_a_document_exactly_at_a_bound_is_read_and_one_more_is_refused(at_bound, over_bound, code):
    doc, found = parse_yaml(at_bound, "records/org.yml")
    assert (doc is not None, found) == (True, [])
    doc, found = parse_yaml(over_bound, "records/org.yml")
    assert (doc, [(p.code, p.line) for p in found]) == (None, [(code, 1)])


def test_a_body_of_exactly_the_length_bound_is_accepted():
    assert check_body("字" * MAX_BODY_CHARS, LOG, 10) == []
    assert [(p.code, p.line) for p in check_body("字" * (MAX_BODY_CHARS + 1), LOG, 10)] == [("WT018", 10)]
