"""Masking owners' personal data wherever it leaves the records.

China's Personal Information Protection Law treats an owner's name, mobile
number and ID-card number as personal information; the records keep them (the
front desk must call the owner back), but the site, the notices and every report
show them masked: `陈先生 138****5678`, `陈**`, `1101**********1234`.
"""

from __future__ import annotations

import re

MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])")
# a full Chinese name (2-4 characters) as written in a contact field, before the phone
_FULL_NAME = re.compile(r"^([\u4e00-\u9fff])([\u4e00-\u9fff]{1,3})$")
_POLITE = ("先生", "女士", "小姐", "阿姨", "师傅", "老师", "大爷", "奶奶")


def mask_mobile(text: str) -> str:
    return MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)


def mask_id_card(text: str) -> str:
    return ID_CARD.sub(lambda m: f"{m.group(1)}{'*' * 10}{m.group(2)}", text)


def mask_name(name: str) -> str:
    """`陈先生` stays (a surname and a title identify no one); `陈建国` becomes `陈**`."""
    name = name.strip()
    if name.endswith(_POLITE):
        return name
    m = _FULL_NAME.match(name)
    return f"{m.group(1)}{'*' * len(m.group(2))}" if m else name


def mask_contact(contact: str) -> str:
    """A slip's contact field, e.g. `陈建国 13812345678` -> `陈** 138****5678`."""
    words = contact.split()
    return " ".join(mask_mobile(mask_id_card(w)) if re.search(r"\d", w) else mask_name(w) for w in words)


def mask_text(text: str) -> str:
    """Free text (a note, a body): mobile and ID-card numbers masked; names cannot be found reliably."""
    return mask_mobile(mask_id_card(text))


def find_personal_numbers(text: str) -> list[str]:
    """Mobile and ID-card numbers in `text`, for the rule that board notices carry none."""
    return [m.group(0) for m in MOBILE.finditer(text)] + [m.group(0) for m in ID_CARD.finditer(text)]
