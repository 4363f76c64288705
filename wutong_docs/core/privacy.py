"""Masking owners' personal data wherever it leaves the records: one function, `mask`.

China's Personal Information Protection Law treats an owner's name, phone
number and ID-card number as personal information; the records keep them (the
front desk must call the owner back), but the site, its search index, every
report and `wutong check` show them masked, and board notices refuse them
(`find_personal`, the same detection). Staff type numbers every way a keyboard
allows, so numbers are found on a digits view of the text (`personal_numbers`:
any separators, line breaks, Markdown escapes and emphasis, full-width digits,
+86, 0086 and 17951-style prefixes), and every mask keeps the text's length and layout:

- mobiles: the 4th–7th digits become `*`: `138****5678`, `138-****-5678`, `+86 138****5678`;
- landlines (area code required): the area code and the last 4 digits stay: `010-****5678`;
- ID numbers, 18 or 15 digits, spaced or not: the first 4 and the last 4 (15 digits: 3) stay:
  `1101**********1234`, `1101********123`;
- names: the surname stays: `陈**`, `欧阳**`, `阿***·***`. A name is found when it is a
  known owner's name (finance's arrears lists, slip contacts: `known_names`), written next
  to a number (`陈建国13812345678`, `李四，138…`, `王芳电话：138…`), before a title
  (`张伟先生` -> `张*先生`; `陈先生` alone identifies no one and stays), or with a middle dot
  between characters of transliterated names (`阿依古丽·买买提`; not `迎新年·邻里联欢会`).

Other numbers stay as written: dates, times, amounts, rooms (3-2-501), slip ids,
8-digit numbers without an area code (the centre's own `8866 1234`). An
11-digit number starting 13–19 is masked even when it is an order number: it
cannot be told from a mobile, and masking one too many costs nothing.

What leaves is masked twice: each field before it is rendered (`mask`), and the
finished document once more, numbers only (`mask_html` on a page's text nodes,
`mask_numbers` on Markdown, text and workbook cells), so no rendering step can
split a number past the first pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from . import personal_numbers
from .personal_numbers import FOLD

_FOLD = FOLD   # the numbers' folding: full-width digits and brackets read as ASCII, one character for one

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_HAN_RUN = re.compile(f"[{_HAN}]+$")
# characters of transliterated names (Uyghur, Kazakh, Tibetan, Mongolian, foreign): a dotted name is made of
# these alone, so a dotted title like 迎新年·邻里联欢会 is not taken for one
_TRANSLIT = ("阿艾爱安奥巴拜班贝比别波布查达迪蒂丁都杜多厄尔法菲夫弗甫盖甘戈格古哈海汗罕合赫胡吉加贾杰金卡凯"
             "坎克肯库拉莱兰朗劳勒雷里丽力莉利列琳娜纳乃南尼妮努诺帕派佩皮普齐奇恰乔切琴热荣如萨赛桑沙莎舍"
             "什斯索塔泰坦特提图托娃瓦万维温沃乌吾西希夏谢辛雅亚娅伊依尤约扎泽孜兹祖买麦曼玛马米木穆默姆德"
             "卓则敏莫尕哲次仁旦增央措顿珠平丹曲洛强根敦让嘉宗白噶喀鲁牙也耶叶铁真成思忽必烈蒙苏日乐其宝音"
             "门满呼那顺和森芙蕾露薇黛丝妮娃茨科夫洛维奇")
_DOTTED = re.compile(f"[{_TRANSLIT}]{{1,6}}(?:[·•・‧][{_TRANSLIT}]{{1,8}})+")
_GAP = re.compile(r"[ \t:(,、/]{0,3}$")   # between a name and its number: 陈建国 138…, 李四，138…, 陈建国（138…
_COMMA = str.maketrans("，", ",")

# common surnames; a name is a surname and one or two more characters. Left out: surnames that are
# mostly parts of words written before a number or a title (单 in 订单号, 房 in 房号, 车 in 车主, 管 in 管家,
# 司 in 司机, 向 in 向王女士解释)
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪萧范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴"
    "霍涂成苗谷盛曲翁冉骆蓝路游辛靳柴蒙鲍华喻祁蒲滕屈饶解牟艾尤阳穆农卓古吉缪简项连芦麦褚娄窦戚岑"
    "景党宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝")
COMPOUND_SURNAMES = frozenset({"欧阳", "司马", "诸葛", "上官", "慕容", "东方", "皇甫", "令狐", "夏侯", "公孙",
                               "尉迟", "长孙", "宇文", "司徒", "端木", "西门", "南宫", "独孤", "呼延", "轩辕"})
TITLES = ("先生", "女士", "小姐", "阿姨", "师傅", "老师", "大爷", "奶奶", "大姐", "大哥", "大妈", "大叔", "爷爷")
_TITLE = re.compile("|".join(TITLES))
_REACH = 16  # how far before a number or a title a name is looked for: a label, a gap and a name fit
# words that start with a surname character and are often written before a number: not names
_NOT_NAMES = frozenset({"方式", "管家", "单位", "常用", "白天", "房东", "房主", "车主", "司机", "施工", "钟点",
                        "安保", "全天", "晚间", "夜间", "明天", "向阳", "物业", "项目", "华府", "江景"})
# a label between a name and its number: 王芳电话：138…
_LABELS = ("联系方式", "联系电话", "电话号码", "手机号码", "身份证号码", "身份证号", "身份证", "证件号", "手机号",
           "电话", "手机", "座机", "固话", "号码", "微信")


MASK_STAR = "\ue000"  # a private-use character no keyboard types: a masked character on its way through Markdown


def mask(text: str, known_names: frozenset[str] = frozenset(), star: str = "*") -> str:
    """`text` with every phone number, ID number, car plate and owner's name masked; everything else as written.

    `star` is the character that hides one character: text on its way into Markdown
    uses a placeholder, since `138****5678` there would read as bold.
    """
    if not text:
        return text or ""
    folded = text.translate(_FOLD)
    out = list(text)
    taken = [False] * len(text)
    numbers: list[int] = []  # start of each masked number, for the names written before one

    def put(start: int, end: int, hidden) -> bool:
        if any(taken[start:end]):
            return False
        for i in range(start, end):
            taken[i] = True
            if hidden(i):
                out[i] = star
        return True

    for number in personal_numbers.find(text):
        put(number.start, number.end, set(number.hidden).__contains__)
        numbers.append(number.start)
    for plate in plates(text):
        put(plate.hidden[0], plate.hidden[-1] + 1, set(plate.hidden).__contains__)
    for start, end, keep in _names(text, folded, numbers, known_names):
        put(start, end, lambda i, first=start + keep: i >= first and "\u3400" <= text[i] <= "\u9fff")
    return "".join(out)


def mask_html(html: str) -> str:
    """A rendered page with every phone and ID number in its text masked; tags, attributes and scripts as they are.

    The second pass over what leaves: record text is masked before it is rendered
    (`mask`), and the rendered page once more, where a number that Markdown or a
    template split with inline tags (`<strong>139</strong>1234…`) or entities
    (`&nbsp;`) reads whole. Names are the first pass's: they were masked field by field.
    """
    return _hide(html, personal_numbers.find(html or "", html=True) + plates(html))


def mask_numbers(text: str) -> str:
    """`text` with its phone and ID numbers masked, names left to `mask`: the last pass over a whole document
    (a report's Markdown, `wutong check`'s output, a workbook's cells) whose fields were masked one by one.
    """
    return _hide(text, personal_numbers.find(text or "") + plates(text))


def mask_strings(value, how):
    """Every string of a JSON-ready value (dicts, lists) passed through `how` (`mask` with the owners' names, or
    `mask_numbers`); numbers, None and keys as they are."""
    if isinstance(value, str):
        return how(value)
    if isinstance(value, dict):
        return {k: mask_strings(v, how) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_strings(v, how) for v in value]
    return value


def _hide(text: str, found: list) -> str:
    if not found:
        return text or ""
    out = list(text)
    for number in found:
        for i in number.hidden:
            out[i] = "*"
    return "".join(out)


def _names(text: str, folded: str, numbers: list[int], known: frozenset[str]):
    """(start, end, characters kept) of every name found; overlaps are resolved by `mask`, first come first served."""
    pattern = _known_pattern(known)
    if pattern is not None:
        for m in pattern.finditer(text):
            yield m.start(), m.end(), _surname_length(m.group(0).replace(" ", ""))
    for m in _DOTTED.finditer(text):
        yield m.start(), m.end(), 1
    for at in numbers:
        base = max(0, at - _REACH)
        before = folded[base:at].translate(_COMMA)
        head = before[:_GAP.search(before).start()]
        for label in _LABELS:
            if head.endswith(label):
                head = head[:-len(label)].rstrip(" :")
                break
        yield from _shifted(_name_at_end(head), base)
    for m in _TITLE.finditer(text):
        base = max(0, m.start() - _REACH)
        yield from _shifted(_name_at_end(text[base:m.start()]), base)


def _shifted(found, base: int):
    if found:
        yield found[0] + base, found[1] + base, found[2]


def _name_at_end(before: str) -> tuple[int, int, int] | None:
    """The name that `before` ends with, as (start, end, characters kept), or None.

    The longest reading wins (李文华 over 文华); a surname alone before a title
    (陈先生, 欧阳女士) is not a name; words like 联系方式 are not names.
    """
    run = _HAN_RUN.search(before)
    if run is None:
        return None
    word, end = run.group(0), len(before)
    if word[-2:] in COMPOUND_SURNAMES or word.endswith(TITLES):  # a title is the title rule's to judge
        return None
    for length in (4, 3, 2):
        if len(word) < length:
            continue
        name = word[-length:]
        if name[:2] in COMPOUND_SURNAMES and length >= 3:
            return end - length, end, 2
        if length <= 3 and name[0] in SURNAMES and name[:2] not in _NOT_NAMES:
            return end - length, end, 1
    return None


def _surname_length(name: str) -> int:
    return 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1


@lru_cache(maxsize=8)
def _known_pattern(known: frozenset[str]) -> re.Pattern | None:
    """One pattern for all known names, longest first, each also found when written with spaces (刘 春 梅)."""
    names = sorted((n for n in known if len(n) >= 2), key=len, reverse=True)
    if not names:
        return None
    return re.compile("|".join(r"[ \t\u3000]*".join(map(re.escape, n)) for n in names))


# --- where the names come from ----------------------------------------------------

_DOT = str.maketrans("•・‧", "···")
_TOKEN = re.compile(f"[{_HAN}]+(?:[·•・‧][{_HAN}]+)*")


def names_in(field: str | None, column: bool = False, titled: bool = False) -> set[str]:
    """The owners' names in a field that holds names: a slip's contact, or (`column`) an arrears list's owner column.

    `陈建国 13812345678` -> {陈建国}; `张伟先生` -> {张伟}; `陈先生` names no one. In a contact, words
    that do not start with a surname (`本人`, `女儿`) are not names: masked everywhere, they would hide
    ordinary words. In finance's owner column every word is a name, whatever its surname.

    `titled`: a field that names one person and nothing else (who borrowed a key, a worker's pass):
    there a surname with a title is the person's name as the estate knows them (`装修工 王师傅` ->
    {王师傅}, masked `王**`), since a worker is known by nothing else.
    """
    found = set()
    for token in _TOKEN.findall((field or "").translate(_FOLD)):
        for title in TITLES:
            if token.endswith(title):
                if titled and len(token) > len(title) and (token[0] in SURNAMES or token[:2] in COMPOUND_SURNAMES):
                    found.add(token)
                token = token[:-len(title)]
                break
        starts = token[:2] in COMPOUND_SURNAMES or token[0] in SURNAMES or "·" in token.translate(_DOT)
        if len(token) >= 2 and token not in COMPOUND_SURNAMES and (column or starts and token[:2] not in _NOT_NAMES):
            found.add(token)
    return found


def known_names(fields: Iterable[str | None], column: bool = False, titled: bool = False) -> frozenset[str]:
    """The owners' names of many fields (`names_in` each): what `mask` hides wherever text leaves the repository."""
    return frozenset(name for field in fields for name in names_in(field, column, titled))


def find_known(text: str, known: frozenset[str]) -> list[str]:
    """The known names written in `text` (also spaced: 刘 春 梅), as the names themselves, in order."""
    pattern = _known_pattern(known)
    if pattern is None or not text:
        return []
    return [re.sub(r"[ \t\u3000]", "", m.group(0)) for m in pattern.finditer(text)]


# --- the same detection, for the rules that refuse personal data ---------------------

@dataclass(frozen=True)
class Found:
    """A phone or ID number found in a text, as written and as digits: the notice rule names it, `mask` hides it."""
    kind: str       # "mobile", "id_card" or "landline"
    text: str       # as written
    digits: str     # the digits alone, ASCII
    at: int = 0     # where it starts in the text: a rule names the line

    @property
    def label(self) -> str:
        """Its kind in Chinese, for the problem's message."""
        return {"mobile": "手机号", "id_card": "身份证号", "landline": "座机号"}[self.kind]


def find_personal(text: str) -> list[Found]:
    """Every phone and ID number in `text`, in order, each once (the detection `mask` uses)."""
    return [Found(n.kind, text[n.shown_from:n.end], n.digits, n.shown_from) for n in personal_numbers.find(text or "")]


# --- a thin wrapper for the one field that holds nothing but a name and a number ------

def mask_contact(contact: str, known: frozenset[str] = frozenset()) -> str:
    """A slip's contact field: every name in it is an owner's (`陈建国 138…` -> `陈** 138****5678`)."""
    return mask(contact, known | known_names([contact]))


# --- plates: the one field of a parking lease that names the owner's car ------------------

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# a plate as written in free text: 浙A12345, 浙A·12345, 浙A 12345, new-energy 浙AD12345 / 浙A12345D
_PLATE = re.compile(f"(?<![A-Za-z0-9])[{_PROVINCES}][A-HJ-NP-Z][·•\\s]?([A-HJ-NP-Z0-9]{{5,6}})(?![A-Za-z0-9])")


@dataclass(frozen=True)
class _Hidden:
    """The positions of a found plate to hide, as `personal_numbers.find` gives a number's (`_hide`)."""
    hidden: tuple[int, ...]


def plates(text: str) -> list[_Hidden]:
    """Every plate in `text`: the province, the office's letter, the serial's first character (two of a
    new-energy plate's six) and its last stay, the rest is hidden: 浙A12345 -> 浙A1***5, 浙AD12345 -> 浙AD1***5."""
    found = []
    for m in _PLATE.finditer(text or ""):
        keep = 1 if len(m.group(1)) == 5 else 2
        found.append(_Hidden(tuple(range(m.start(1) + keep, m.end(1) - 1))))
    return found


def mask_plate(plate: str) -> str:
    """A plate as it may leave the lease register (the check's gap lines): 浙A12345 -> 浙A1***5.

    `mask`, `mask_numbers` and `mask_html` hide plates in free text the same way (a slip's
    note "外来车辆浙B54321占用车位"), so a plate never leaves the records whole.
    """
    return _hide(plate or "", plates(plate))