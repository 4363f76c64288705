"""Owners' personal data is masked wherever it leaves the records."""

from wutong_docs.core.privacy import find_personal, known_names, mask, mask_contact, names_in


def test_contact_field_is_masked():
    assert mask_contact("陈先生 13812345678") == "陈先生 138****5678"
    assert mask_contact("陈建国 13812345678") == "陈** 138****5678"
    assert mask_contact("王女士") == "王女士"
    assert mask_contact("陈建国") == "陈**"


def test_numbers_in_free_text_are_masked_but_other_numbers_are_not():
    text = "业主13912345678反映3栋2单元501漏水，身份证110101199003071234，费用1200元"
    assert mask(text) == "业主139****5678反映3栋2单元501漏水，身份证1101**********1234，费用1200元"


def test_personal_numbers_are_found():
    assert [(f.kind, f.text) for f in find_personal("联系 13812345678，身份证 11010119900307123X")] == [
        ("mobile", "13812345678"), ("id_card", "11010119900307123X")]
    assert [(f.kind, f.digits) for f in find_personal("2026年11月26日，3-2-501，电话 0571-88886666")] == [
        ("landline", "057188886666")]
    assert [(f.kind, f.digits) for f in find_personal("＋86 １３８-1234-5678，110101 19900307 1234")] == [
        ("mobile", "13812345678"), ("id_card", "110101199003071234")]


def test_known_names_are_masked_wherever_they_appear():
    known = known_names(["孙淑珍", "刘春梅 13800000002", "王先生"])
    assert known == frozenset({"孙淑珍", "刘春梅"})
    assert mask("今天孙淑珍来前台，刘 春 梅也来了，王先生没来", known) == "今天孙**来前台，刘 * *也来了，王先生没来"
    assert mask("孙淑珍来前台") == "孙淑珍来前台"  # not known, no number, no title: nothing says it is a name


def test_names_in_a_contact_field():
    assert names_in("张伟先生 13812345678") == {"张伟"}
    assert names_in("陈先生 13812345678") == set()
    assert names_in("阿依古丽·买买提（女儿）13812345678") == {"阿依古丽·买买提"}
    assert names_in("业主本人") == set()
    assert names_in("甘露 / 萧振华 / 乜小红", column=True) == {"甘露", "萧振华", "乜小红"}


def test_a_page_is_masked_in_its_text_only():
    """mask_html: inline tags and entities join a number's digits; tags, attributes, scripts and comments stay."""
    from wutong_docs.core.privacy import mask_html

    assert mask_html("<p>电话 139<strong>8017</strong>6015，139&nbsp;8017&#160;6015</p>") == (
        "<p>电话 139<strong>****</strong>6015，139&nbsp;****&#160;6015</p>")
    assert mask_html("<p>**139**<em>80176015</em></p>") == "<p>**139**<em>****6015</em></p>"
    untouched = ('<a href="tel:13980176015" title="13980176015">回电</a><script>var t = "13980176015";</script>'
                 "<style>.x{width:13980176015px}</style><!-- 13980176015 --><svg><path d=\"M13980176015\"/></svg>")
    assert mask_html(untouched) == untouched
    cells = "<table><tr><td>139</td><td>8017</td><td>6015</td></tr></table>"   # three figures, not one number
    assert mask_html(cells) == cells


def test_a_whole_document_is_masked_for_numbers_only():
    from wutong_docs.core.privacy import mask_numbers

    assert mask_numbers("张伟先生来电 139 8017 6015，身份证 3301 0619 9001 0112 34") == (
        "张伟先生来电 139 **** 6015，身份证 3301 **** **** **12 34")
    assert mask_numbers("| 开单 | 13 | 8 |\n| 2026-11-26 09:30 | 3-2-501 |") == "| 开单 | 13 | 8 |\n| 2026-11-26 09:30 | 3-2-501 |"


def test_car_plates_in_free_text_are_masked_however_they_are_spaced():
    """Issue 22: plates leave the records masked too, wherever they are written (a slip's note, a log)."""
    from wutong_docs.core.privacy import mask_html, mask_numbers, mask_plate
    written = {"外来车辆浙B54321占用9-3-901车位": "外来车辆浙B5***1占用9-3-901车位",
               "车牌 浙A·12345": "车牌 浙A·1***5", "车牌浙A 12345": "车牌浙A 1***5",
               "新能源车浙AD12345": "新能源车浙AD1***5", "大型新能源浙A12345D": "大型新能源浙A12***D",
               "京N12345，电话13912340012": "京N1***5，电话139****0012"}
    for text, masked in written.items():
        assert mask(text) == masked == mask_numbers(text), text
        assert mask_html(f"<li>{text}</li>") == f"<li>{masked}</li>"
    for kept in ("车位 B2-118", "S-20261124-wang-fang-01", "浙A1234 少一位不是车牌", "3-2-501", "IC 0012345678"):
        assert mask(kept) == kept
    assert mask_plate("浙A12345") == "浙A1***5" and mask_plate("浙AD12345") == "浙AD1***5"
