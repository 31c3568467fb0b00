"""The one rule for free text (common/text.py), character class by character class."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from common.text import BIDI_CONTROLS, PlainTextField, PlainTextSerializerField, text_refusal, text_validate

REFUSED_CHARACTERS = [*BIDI_CONTROLS, "\ufffd", "\x00", "\x1f", "\x7f", "\x9f", "\ud800", "\udbff", "\udc00"]
ALLOWED = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=[*BIDI_CONTROLS, "\ufffd"])

KEEP = [
    pytest.param("河堤广场晚上音乐声太大，影响休息。", id="Chinese"),
    pytest.param("一家人👨‍👩‍👧来反映，👍🏽", id="emoji with ZWJ and skin tone"),
    pytest.param("𠀀𠀁𪚥 是扩展B区的字", id="CJK Extension B"),
    pytest.param("Café e\u0301 a\u0308 ก\u0e34", id="combining marks"),
    pytest.param("ئۇيغۇرچە\u200f 123 \u200e \u061c", id="bidi marks, not overrides"),
]


@pytest.mark.parametrize("text", KEEP)
def test_ordinary_text_passes_unchanged(text):
    assert text_refusal(text) is None
    assert PlainTextField(label="内容").clean(text) == text


@pytest.mark.parametrize(
    ("text", "multiline", "refusal"),
    [
        ("a\x00b", True, ("control", "U+0000")),
        ("a\x07b", True, ("control", "U+0007")),
        ("a\x1bb", True, ("control", "U+001B")),
        ("a\x7fb", True, ("control", "U+007F")),
        ("a\x85b", True, ("control", "U+0085")),
        ("a\x9fb", True, ("control", "U+009F")),
        ("a\nb", False, ("line", "U+000A")),
        ("a\rb", False, ("line", "U+000D")),
        ("a\tb", False, ("line", "U+0009")),
        ("a\u202ab", False, ("bidi", "U+202A")),
        ("a\u202eb", True, ("bidi", "U+202E")),
        ("a\u2066b", True, ("bidi", "U+2066")),
        ("a\u2069b", True, ("bidi", "U+2069")),
        ("a\ud800b", True, ("damaged", "U+D800")),
        ("a\udfffb", True, ("damaged", "U+DFFF")),
        ("a\ufffdb", True, ("damaged", "U+FFFD")),
    ],
)
def test_each_refused_class(text, multiline, refusal):
    assert text_refusal(text, multiline=multiline) == refusal


def test_multiline_text_keeps_its_line_breaks_and_tabs():
    assert text_refusal("第一行\r\n第二行\n\t缩进", multiline=True) is None


def test_the_message_names_the_field():
    with pytest.raises(ValidationError) as caught:
        text_validate("看\u202e这里", field="答复群众", multiline=True)
    assert caught.value.messages == ["“答复群众”中含有改变文字显示方向的隐藏字符（U+202E），请删除后再提交。"]
    assert caught.value.code == "text_bidi"


def test_a_form_field_is_multiline_when_its_widget_is_a_textarea():
    assert PlainTextField(widget=forms.Textarea).multiline is True
    assert PlainTextField().multiline is False
    with pytest.raises(ValidationError) as caught:
        PlainTextField(label="姓名").clean("王\n小明")
    assert caught.value.messages == ["“姓名”只能填写一行，请删除其中的换行或制表符。"]


def test_nul_gets_our_message_not_djangos_or_drfs():
    with pytest.raises(ValidationError) as caught:
        PlainTextField(label="备注").clean("a\x00b")
    assert caught.value.messages == ["“备注”中含有不可见的控制字符（U+0000），请删除后再提交。"]

    from rest_framework.exceptions import ValidationError as DRFValidationError

    field = PlainTextSerializerField(label="诉求内容")
    with pytest.raises(DRFValidationError) as drf_caught:
        field.run_validation("a\ud800b")
    assert [str(m) for m in drf_caught.value.detail] == [
        "“诉求内容”中含有无法识别的字符（U+D800），可能是复制时文字已损坏，请删除后重新输入。"
    ]


@given(st.text(alphabet=ALLOWED | st.sampled_from("\n\t\r")))
def test_any_text_without_a_refused_character_passes_exactly(text):
    assert text_refusal(text, multiline=True) is None


@given(st.text(alphabet=ALLOWED), st.sampled_from(REFUSED_CHARACTERS), st.text(alphabet=ALLOWED))
def test_a_refused_character_anywhere_is_refused(before, bad, after):
    _kind, code = text_refusal(before + bad + after, multiline=True)
    assert code == f"U+{ord(bad):04X}"
