"""One rule for the free text people type, whichever way it arrives (an HTML form, the API).

Refused, with a message naming the field, and nothing saved:

- control characters (Unicode category Cc: U+0000–U+001F, U+007F–U+009F). Multi-line text may hold
  line breaks and tabs (\\n, \\r, \\t); single-line text holds none of them;
- the bidirectional embedding, override and isolate characters U+202A–U+202E and U+2066–U+2069:
  invisible, they make text display in an order other than the one stored ("Trojan Source",
  CVE-2021-42574), so that what a member reads is not what the citizen's record says;
- lone surrogates (U+D800–U+DFFF, which JSON's \\uD800 escapes can carry but which are no
  character at all) and U+FFFD, the replacement character a form's undecodable bytes become:
  the text was damaged on its way and must be typed again rather than stored half-legible.

Allowed, because real text needs them: the left-to-right and right-to-left *marks* U+200E, U+200F
and the Arabic letter mark U+061C (they reorder nothing beyond the neutral characters next to
them, and Uyghur or Arabic text mixed with digits uses them), the zero-width joiner U+200D
(emoji sequences), combining marks, and every character outside the BMP (CJK Extension B, emoji).
Nothing is normalised or silently removed: text that passes is stored exactly as typed, apart from
the surrounding whitespace that Django's and DRF's CharField trim.

Our own because neither Django nor DRF has it: Django refuses only NUL and DRF only NUL and
surrogates, each with a message of its own and only on its own path.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
LINE_CHARACTERS = frozenset("\n\r\t")
REPLACEMENT_CHARACTER = "\ufffd"

MESSAGES = {
    "control": _("“%(field)s”中含有不可见的控制字符（%(code)s），请删除后再提交。"),
    "line": _("“%(field)s”只能填写一行，请删除其中的换行或制表符。"),
    "bidi": _("“%(field)s”中含有改变文字显示方向的隐藏字符（%(code)s），请删除后再提交。"),
    "damaged": _("“%(field)s”中含有无法识别的字符（%(code)s），可能是复制时文字已损坏，请删除后重新输入。"),
}


def _kind(char: str, *, multiline: bool) -> str | None:
    if char in LINE_CHARACTERS:
        return None if multiline else "line"
    if char in BIDI_CONTROLS:
        return "bidi"
    if char == REPLACEMENT_CHARACTER:
        return "damaged"
    category = unicodedata.category(char)
    if category == "Cc":
        return "control"
    if category == "Cs":
        return "damaged"
    return None


def text_refusal(value: str, *, multiline: bool = False) -> tuple[str, str] | None:
    """The first character the rule refuses in value, as (kind, "U+XXXX"), or None."""
    for char in value or "":
        kind = _kind(char, multiline=multiline)
        if kind is not None:
            return kind, f"U+{ord(char):04X}"
    return None


def text_validate(value: str, *, field, multiline: bool = False) -> None:
    """Raises ValidationError (code "text_<kind>") naming `field` when value breaks the rule."""
    refusal = text_refusal(value, multiline=multiline)
    if refusal is not None:
        kind, code = refusal
        raise ValidationError(MESSAGES[kind], code=f"text_{kind}", params={"field": field, "code": code})


class PlainTextField(forms.CharField):
    """A form's free-text field under the rule. Multi-line when its widget is a Textarea, unless
    `multiline` says otherwise."""

    def __init__(self, *, multiline: bool | None = None, **kwargs):
        super().__init__(**kwargs)
        self.multiline = isinstance(self.widget, forms.Textarea) if multiline is None else multiline
        # NUL is a control character: one message for it, ours.
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def validate(self, value):
        super().validate(value)
        text_validate(value, field=self.label or "", multiline=self.multiline)


class PlainTextSerializerField(serializers.CharField):
    """An API's free-text field under the same rule as PlainTextField. Give it a `label`: that is
    the field's name in the message (and its title in the OpenAPI document)."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.multiline = multiline
        self.validators = [
            v
            for v in self.validators
            if not isinstance(v, ProhibitNullCharactersValidator | ProhibitSurrogateCharactersValidator)
        ]

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            text_validate(value, field=self.label or self.field_name, multiline=self.multiline)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages, code=exc.code) from None
        return value
