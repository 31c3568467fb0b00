"""The office's language for what is kept and sent.

A staff member may read the pages in English, but what their actions store (the timeline a
citizen reads on /track/, in Chinese) and send (the SMS to the citizen) is in the office's
language, settings.LANGUAGE_CODE. Services that write such texts run under `in_office_language`;
their refusals are lazy strings (gettext_lazy) and so still reach the user in theirs, unless they
are formatted with values (`_("…%(x)s") % {...}` is translated at once, in the office's language).
"""

import functools

from django.conf import settings
from django.utils import translation


def in_office_language(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper
