"""The office's language for what is kept and sent.

A staff member may read the pages in English, but what their actions store (the timeline a
citizen reads on /track/, in Chinese) and send (the SMS to the citizen) is in the office's
language, settings.LANGUAGE_CODE. Services that write such texts run under `in_office_language`;
their refusals are lazy strings (gettext_lazy) and so still reach the user in theirs, unless they
are formatted with values (`_("…%(x)s") % {...}` is translated at once, in the office's language).
"""

import functools
import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext


def in_office_language(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


# --- stored texts read in the reader's language ----------------------------------------------

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
_MONTH = re.compile(r"(\d{4})年(\d{1,2})月")


def reading_office_language() -> bool:
    return (translation.get_language() or "").lower() == settings.LANGUAGE_CODE.lower()


def _value_in_reader_language(value: str) -> str:
    """A value read back from a stored text: a choice label or a fixed word (直接答复, 上午, 系统)
    has a translation, word by word; a name, a code or a date has none and stays; a month
    (2026年12月) is written 2026-12."""
    month = _MONTH.fullmatch(value)
    if month:
        return f"{month.group(1)}-{int(month.group(2)):02d}"
    return " ".join(gettext(word) if word else word for word in value.split(" "))


class StoredTexts:
    """The templates (msgids) some writer formats and stores in the office's language, to read the
    stored text again in the reader's: a text matching a template has its values read back and is
    rendered from the translated template; `render` returns None for a text matching none (a
    person's own words, or a template nobody declared).

    A template is one msgid, or a tuple of msgids the writer concatenates (a sentence and an
    optional clause); `%(name)s` and `%(name)d` placeholders are read back."""

    def __init__(self):
        self._templates: dict[str, list[tuple[tuple[str, ...], re.Pattern]]] = {}

    def add(self, key: str, *templates) -> None:
        for template in templates:
            parts = (template,) if isinstance(template, str) else tuple(template)
            pattern = "".join(self._pattern(part, index) for index, part in enumerate(parts))
            self._templates.setdefault(str(key), []).append((parts, re.compile(pattern, re.S)))

    @staticmethod
    def _pattern(msgid: str, index: int) -> str:
        pieces, last = [], 0
        for match in _PLACEHOLDER.finditer(msgid):
            value = r"\d+" if match.group(2) == "d" else ".*?"
            pieces += [re.escape(msgid[last : match.start()]), f"(?P<p{index}_{match.group(1)}>{value})"]
            last = match.end()
        pieces.append(re.escape(msgid[last:]))
        body = "".join(pieces)
        return f"(?:{body})" if index == 0 else f"(?:{body})?"

    def render(self, key: str, text: str) -> str | None:
        for parts, pattern in self._templates.get(str(key), ()):
            match = pattern.fullmatch(text or "")
            if match is None:
                continue
            found = {name: value for name, value in match.groupdict().items() if value is not None}
            rendered = []
            for index, msgid in enumerate(parts):
                prefix = f"p{index}_"
                names = [m.group(1) for m in _PLACEHOLDER.finditer(msgid)]
                if index > 0 and not all(prefix + n in found for n in names):
                    continue
                if index > 0 and not names and not text.endswith(msgid):
                    continue
                values = {}
                for name, kind in _PLACEHOLDER.findall(msgid):
                    raw = found.get(prefix + name, "")
                    values[name] = int(raw) if kind == "d" else _value_in_reader_language(raw)
                rendered.append(gettext(msgid) % values if values else gettext(msgid))
            return "".join(rendered)
        return None
