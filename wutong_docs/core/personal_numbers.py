"""Phone and ID numbers found however they are written: the digits view that `privacy` masks by.

Why a view and not a pattern per spelling: one number reaches the records as
`1391 234 0012`, `139\\-1234\\-0012` (Markdown escapes), `**139**12340012` (bold),
`+86 (139)…`, with a no-break or zero-width space, across a line break, in
full-width digits; a pattern per spelling always misses the next one. So the
text is read as clusters: digits joined by short gaps of separators (spaces,
`-` `–` `—` `/` `_` `.` brackets, line breaks) and markup (`*` `` ` `` `~` `\\`,
zero-width characters, inline HTML tags). A cluster becomes the string of its
digits, each with its position in the text and whether a separator comes before
it (a group start). Numbers are looked for on that string, each from a group
start to a group end and grouped as people group numbers (at most 6 groups of 2
or more digits, or one digit at a time), so what the text keeps apart stays
apart: dates, amounts, rooms (3-2-501), slip ids, times and 7–8 digit local
numbers are never joined into a phone. The caller masks by position, so the
text keeps its length and layout.

In HTML (`html=True`: a rendered page) only inline tags (`<b>`, `<strong>`,
`<em>`, `<code>`, `<span>`…) join digits; block tags end a cluster, and digits
inside a tag, a script, a style or a comment are never read.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# one character in, one character out: positions in the folded copy are positions in the text
_FOLD_PAIRS = {
    **dict(zip("０１２３４５６７８９", "0123456789")),
    "＋": "+", "Ｘ": "X", "ｘ": "x", "（": "(", "）": ")", "：": ":", "．": ".", "／": "/", "＿": "_", "＊": "*",
    "｀": "`", "～": "~", "＼": "\\",
    **dict.fromkeys("\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f", " "),
    **dict.fromkeys("‐‑‒–—―−－﹣", "-"),
}
FOLD = str.maketrans(_FOLD_PAIRS)

# the cluster patterns read the text as written (folding a whole page costs more than finding its numbers);
# each class holds the ASCII character and every character FOLD turns into it
_DIGIT = "[0-9０-９]"
_SEP = "[ \t\r\n\f\v\\-/_.()\u3000\u00a0\u2002-\u200a\u202f\u205f‐‑‒–—―−－﹣．／＿（）]"   # the next digit starts a group
_QUIET = "[`~\\\\｀～＼\u200b\u200c\u200d\u2060\ufeff\u00ad]"                 # markup, invisible characters: no group
# emphasis is one or two stars; three or more are what a mask left (`0571-***8666`): they end a cluster, so
# masked text read again does not join `0571` and `8666-123` into a new number
_STARS = r"(?<![*＊])[*＊]{1,2}(?![*＊])"
_ATTRS = r"(?:\s[^<>]{0,200})?"   # bounded: a stray `<` in a long text costs a short look, not a scan to its end
_INLINE = ("a|abbr|b|bdi|bdo|cite|code|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var"
           "|wbr|br")
_ANY_TAG = rf"</?[A-Za-z][A-Za-z0-9]{{0,9}}{_ATTRS}/?>"           # record text: any tag is markup
_INLINE_TAG = rf"</?(?:{_INLINE})\b{_ATTRS}/?>"                    # a page: inline tags only
_BREAK = rf"<br\b{_ATTRS}/?>"
_ENTITY_SEP = (r"&(?:nbsp|ensp|emsp|thinsp|ndash|mdash|minus|hyphen|dash|lowbar|period|sol|lpar|rpar"
               r"|#160|#x[aA]0|#8211|#8212|#45|#x2[dD]|#95|#46|#47|#40|#41);")
_ENTITY_QUIET = r"&(?:shy|zwj|zwnj|ast|grave|bsol|#173|#8203|#x200[bBcCdD]|#8204|#8205|#8288|#65279|#42|#96|#92);"
_MAX_GAP = 8   # markup and separators between two digits of one number: `</strong> - <strong>` fits
_SHORTEST = 10   # a landline with its area code; mobiles have 11 digits, IDs 15 or 18
_LONGEST = 19    # `0086 0571 88886666`, an ID's 18


def _cluster(tag: str) -> re.Pattern:
    gap = rf"(?:{_SEP}|{_QUIET}|{_STARS}|{tag}|{_ENTITY_SEP}|{_ENTITY_QUIET})"
    # the first character is one of a set, checked after it is read: the engine then skips ahead to the next
    # digit or +, twice as fast over a page as a pattern that starts with a look-behind. Not inside a run of
    # digits or a character reference (&#160;); at least _SHORTEST digits (shorter runs never reach Python);
    # an ID's final X right after its last digit
    head = r"[+＋0-9０-９](?<![0-9０-９].)(?<!&#.)(?<!&#x.)(?:(?<=[+＋])[0-9０-９]|(?<![+＋]))"
    return re.compile(rf"{head}(?:{gap}{{0,{_MAX_GAP}}}+{_DIGIT}){{{_SHORTEST - 1},}}+(?:[XxＸｘ](?![0-9０-９A-Za-z]))?")


_CLUSTERS = {False: _cluster(_ANY_TAG), True: _cluster(_INLINE_TAG)}
# on a folded cluster: its digits (and + and X), the separators that start a group, and the rest
_TOKEN = re.compile(r"(?P<d>[0-9+Xx])|(?P<b>[ \t\r\n\f\v\-/_.()]|" + rf"{_BREAK}|{_ENTITY_SEP})|{_ANY_TAG}|{_ENTITY_QUIET}|.",
                    re.S)
_NOT_SIGNIFICANT = re.compile(r"[^0-9+Xx]+")
_AREA = r"(?:10|2\d|[3-9]\d{2})"   # area codes without their 0: Beijing 10, 20–29, and the 3-digit ones
_IP_PREFIX = r"179\d\d|12593|10193"   # dialled before a mobile to pay less: 17951, 17911, 17909, 12593…
_NUMBER = re.compile(rf"""
    (?P<id18>[1-9]\d{{5}}(?:18|19|20)\d{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{{3}}[\dXx])
  | (?P<id15>[1-9]\d{{7}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{{3}})
  | (?:\+?86|0086|{_IP_PREFIX}|0)?(?P<mobile>1[3-9]\d{{9}})
  | (?:(?:\+?86|0086)0?(?P<area>{_AREA})|(?P<area0>0{_AREA}))(?P<local>[2-9]\d{{6,7}})
""", re.X)
_ANYWHERE = re.compile(_NUMBER.pattern, re.X)   # searched, not matched: could a cluster hold a number at all
_SKIPPED = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->", re.S | re.I)


@dataclass(frozen=True)
class Number:
    """One phone or ID number in a text: where it is, what it is, and which of its characters a mask hides."""
    kind: str                 # "mobile", "id_card" or "landline"
    start: int                # its first character in the text (a country code or prefix included)
    end: int                  # after its last digit
    shown_from: int           # where the number proper starts (after +86 or 17951): what a message quotes
    digits: str               # the number's digits, ASCII (a landline's with its area code's 0)
    hidden: tuple[int, ...]   # positions in the text a mask hides


def find(text: str, html: bool = False) -> list[Number]:
    """Every phone and ID number in `text` (a rendered page's HTML when `html`), in order."""
    out: list[Number] = []
    skipped = None
    for cluster in _CLUSTERS[html].finditer(text):
        start, end = cluster.span()
        folded = cluster.group().translate(FOLD)
        if "<" not in folded and "&" not in folded and not _ANYWHERE.search(_NOT_SIGNIFICANT.sub("", folded)):
            continue   # the usual cluster, a date with its hour (2026-11-26 09): no number in its digits at all
        if html:
            if skipped is None:
                skipped = [m.span() for m in _SKIPPED.finditer(text)]
            if not _in_text(text, start, skipped):
                continue
        out += _numbers_in(folded, start)
    return out


def _in_text(html: str, at: int, skipped: list[tuple[int, int]]) -> bool:
    """Whether position `at` of a page is in its text: not in a tag, script, style or comment."""
    if html.rfind("<", 0, at) > html.rfind(">", 0, at):
        return False
    k = bisect.bisect_right(skipped, (at, len(html) + 1)) - 1
    return k < 0 or not skipped[k][0] <= at < skipped[k][1]


def _view(folded: str, offset: int) -> tuple[str, list[int], list[bool]]:
    """A folded cluster as (its significant characters, their positions in the text, whether each starts a group)."""
    chars, where, heads = [], [], []
    head = True
    for m in _TOKEN.finditer(folded):
        kind = m.lastgroup
        if kind == "d":
            chars.append(m.group())
            where.append(offset + m.start())
            heads.append(head)
            head = False
        elif kind == "b":
            head = True
    return "".join(chars), where, heads


def _numbers_in(folded: str, offset: int) -> list[Number]:
    """The numbers of one cluster, left to right, each from a group start to a group end, the longest first."""
    seen, where, heads = _view(folded, offset)
    n = len(seen)
    ends = [e for e in range(1, n + 1) if e == n or heads[e]]
    out = []
    i = 0
    while i < n:
        if not heads[i] or n - i < _SHORTEST:
            i += 1
            continue
        found = None
        # the group ends a number starting here could reach, longest first (a bounded slice: a cluster may be long)
        for e in reversed(ends[bisect.bisect_left(ends, i + _SHORTEST):bisect.bisect_right(ends, i + _LONGEST)]):
            m = _NUMBER.fullmatch(seen, i, e)
            if m is not None and _grouped_plausibly(heads, i, e):
                found = m
                break
        if found is None:
            i += 1
            continue
        out.append(_number(found, where))
        i = found.end()
    return out


def _grouped_plausibly(heads: list[bool], i: int, e: int) -> bool:
    """One digit at a time, or at most 6 groups of at least 2: how people group a number, not a list of numbers."""
    sizes: list[int] = []
    for k in range(i, e):
        if heads[k] or k == i:
            sizes.append(1)
        else:
            sizes[-1] += 1
    return all(s == 1 for s in sizes) or (len(sizes) <= 6 and min(sizes) >= 2)


def _number(m: re.Match, where: list[int]) -> Number:
    """A match on a cluster's digits as a Number in the text: its kind, its digits, what to hide."""
    start, end = where[m.start()], where[m.end() - 1] + 1
    if m.group("id18") or m.group("id15"):
        tail = 4 if m.group("id18") else 3   # an old ID's last 3 digits are its sequence number
        return Number("id_card", start, end, start, m.group(),
                      tuple(where[k] for k in range(m.start() + 4, m.end() - tail)))
    if m.group("mobile"):
        at = m.start("mobile")
        return Number("mobile", start, end, where[at], m.group("mobile"), tuple(where[k] for k in range(at + 3, at + 7)))
    area = m.group("area0") or "0" + m.group("area")
    at = m.start("area0") if m.group("area0") else m.start("area")
    local = m.start("local")
    return Number("landline", start, end, where[at], area + m.group("local"),
                  tuple(where[k] for k in range(local, m.end("local") - 4)))
