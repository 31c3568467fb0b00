"""common.i18n.StoredTexts: a text stored in the office's language, read again in the reader's."""

from django.utils import translation
from django.utils.translation import gettext_noop

from common.i18n import StoredTexts


def _texts():
    texts = StoredTexts()
    texts.add("publish", (gettext_noop("发布%(month)s值班表"), gettext_noop("（确认空缺 %(count)d 处）")))
    texts.add("triaged", gettext_noop("委员已确定办理方式：%(track)s。"))
    return texts


def test_a_matching_text_is_rendered_in_the_readers_language_with_its_values_translated():
    texts = _texts()
    with translation.override("en"):
        assert texts.render("triaged", "委员已确定办理方式：直接答复。") == (
            "The member has chosen how to handle it: Direct reply."
        )
        assert texts.render("publish", "发布2026年12月值班表") == "Published the 2026-12 duty roster"
        assert texts.render("publish", "发布2026年12月值班表（确认空缺 3 处）") == (
            "Published the 2026-12 duty roster (3 unfilled slots confirmed)"
        )


def test_a_text_matching_no_template_is_not_rendered():
    texts = _texts()
    with translation.override("en"):
        assert texts.render("triaged", "委员说：这件事我来办。") is None
        assert texts.render("unknown", "委员已确定办理方式：直接答复。") is None
