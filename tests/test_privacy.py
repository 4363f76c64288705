"""Owners' personal data is masked wherever it leaves the records."""

from wutong_docs.privacy import find_personal_numbers, mask_contact, mask_text


def test_contact_field_is_masked():
    assert mask_contact("陈先生 13812345678") == "陈先生 138****5678"
    assert mask_contact("陈建国 13812345678") == "陈** 138****5678"
    assert mask_contact("王女士") == "王女士"


def test_numbers_in_free_text_are_masked_but_other_numbers_are_not():
    text = "业主13912345678反映3栋2单元501漏水，身份证110101199003071234，费用1200元"
    assert mask_text(text) == "业主139****5678反映3栋2单元501漏水，身份证1101**********1234，费用1200元"


def test_personal_numbers_are_found():
    assert find_personal_numbers("联系 13812345678，身份证 11010119900307123X") == [
        "13812345678", "11010119900307123X"]
    assert find_personal_numbers("2026年11月26日，3-2-501，电话 0571-88886666") == []
