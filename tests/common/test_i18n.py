"""The interface speaks Simplified Chinese by default and English on request (the footer's language
switch or the browser's Accept-Language), and the English catalogue is complete and compiled."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from petitions.models import Petition, PetitionEvent
from tests import factories

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
PO_FILE = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo"
ESCAPES = {"n": "\n", "t": "\t"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ *\w+ *\}\}")


def _submit_page(client, workstation, **headers):
    response = client.get(reverse("petitions:submit", kwargs={"code": workstation.code}), **headers)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', response.content.decode()).group(1)
    return response, key


def _post_short_content(client, workstation, category, key, **headers):
    data = {"category": category.pk, "content": "太吵了", "website": "", "idempotency_key": key}
    return client.post(reverse("petitions:submit", kwargs={"code": workstation.code}), data, **headers)


def _switch_language(client, language, next_url="/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """LocaleMiddleware activates the request's language for the whole thread and never resets it: without
    this, the tests after an English request would run in English."""
    yield
    translation.deactivate()


@pytest.fixture
def category(db):
    return factories.CategoryFactory(name="噪音扰民", code="noise")


@pytest.mark.django_db
def test_home_and_submit_page_are_in_chinese_by_default(client, workstation, category):
    # given: a visitor whose browser asks for no particular language
    # when: they open the home page and the workstation's submit page, and send too short a text
    home = client.get("/").content.decode()
    page, key = _submit_page(client, workstation)
    refused = _post_short_content(client, workstation, category, key)

    # then: everything they read is Chinese
    assert '<html lang="zh-hans">' in home
    assert '<h1 class="h3 mb-3">政协委员工作室 · 民意直通</h1>' in home
    html = page.content.decode()
    assert '<h1 class="h3">提交诉求</h1>' in html
    assert 'id="submit-petition">提交</button>' in html
    assert "诉求类别" in html
    assert "Submit a request" not in html
    assert refused.status_code == 400
    assert "请把情况写得具体一些，至少 10 个字。" in refused.content.decode()


@pytest.mark.django_db
def test_a_chinese_or_unsupported_browser_language_gets_chinese(workstation):
    # given: browsers asking for zh-CN and for French
    for accept in ("zh-CN,zh;q=0.9", "fr-FR,fr;q=0.9"):
        # when: they open the home page
        home = Client().get("/", HTTP_ACCEPT_LANGUAGE=accept).content.decode()

        # then: it is Chinese (the default), never a half-English page
        assert '<h1 class="h3 mb-3">政协委员工作室 · 民意直通</h1>' in home, accept


@pytest.mark.django_db
def test_the_language_switch_turns_the_pages_into_english(client, workstation, category):
    # given: a visitor who has already seen the Chinese form (its blank form is cached)
    _submit_page(client, workstation)

    # when: they press "English" in the footer's language switch
    switched = _switch_language(client, "en", next_url="/")

    # then: they come back to the same page, now in English
    assert switched.status_code == 302
    assert switched["Location"] == "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    home = client.get("/").content.decode()
    assert '<html lang="en">' in home
    assert '<h1 class="h3 mb-3">CPPCC Members\' Workstations · Direct Line to the People</h1>' in home
    assert "Track progress with your tracking code</a>" in home
    assert "政协委员工作室 · 民意直通" not in home

    # and the submit page, its form and its errors are English too (not the cached Chinese form)
    page, key = _submit_page(client, workstation)
    html = page.content.decode()
    assert "<title>Submit a request · 西流湾社区委员工作室</title>" in html
    assert '<h1 class="h3">Submit a request</h1>' in html
    assert 'id="submit-petition">Submit</button>' in html
    assert "Request category" in html
    assert "What happened, or what do you suggest?" in html
    assert "诉求类别" not in html
    refused = _post_short_content(client, workstation, category, key)
    assert refused.status_code == 400
    assert "Please give a few more details (at least 10 characters)." in refused.content.decode()
    assert Petition.objects.count() == 0
    assert PetitionEvent.objects.count() == 0


@pytest.mark.django_db
def test_switching_back_to_chinese(client, workstation):
    # given: a visitor who chose English
    _switch_language(client, "en")

    # when: they press "简体中文"
    _switch_language(client, "zh-hans")

    # then: the pages are Chinese again
    home = client.get("/").content.decode()
    assert '<h1 class="h3 mb-3">政协委员工作室 · 民意直通</h1>' in home


@pytest.mark.django_db
def test_an_english_browser_gets_english_without_switching(client, workstation, category):
    # given: a browser that prefers English
    english = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9,zh;q=0.5"}

    # when: it opens the submit page and posts a text without a category
    page, key = _submit_page(client, workstation, **english)
    data = {"category": "", "content": "河堤广场每晚十点后广场舞音响太大声", "website": "", "idempotency_key": key}
    refused = client.post(reverse("petitions:submit", kwargs={"code": workstation.code}), data, **english)

    # then: the page and the error are English, and nothing was saved
    assert '<h1 class="h3">Submit a request</h1>' in page.content.decode()
    assert refused.status_code == 400
    assert "Please choose a request category." in refused.content.decode()
    assert Petition.objects.count() == 0


@pytest.mark.django_db
def test_the_language_switch_names_each_language_in_itself(client, workstation):
    # given: a visitor reading English
    _switch_language(client, "en")

    # when: they look at the footer
    home = client.get("/").content.decode()

    # then: Chinese is still offered as "简体中文" (a Chinese reader can find it) and English is bold
    assert 'value="zh-hans" lang="zh-hans" class="btn btn-sm btn-link">简体中文</button>' in home
    assert 'value="en" lang="en" class="btn btn-sm btn-link fw-bold">English</button>' in home

    # and a Chinese page offers English as "English", not as "英语"
    _switch_language(client, "zh-hans")
    chinese = client.get("/").content.decode()
    assert 'value="en" lang="en" class="btn btn-sm btn-link">English</button>' in chinese
    assert "英语" not in chinese


def _po_entries(text: str) -> list[dict]:
    """The entries of a .po file: flags, msgid, msgid_plural and msgstr / msgstr[n], strings joined."""
    entries, entry, field = [], None, None

    def unquote(s: str) -> str:
        return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), s[1:-1])

    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += unquote(line)
            else:
                entry[field] += unquote(line)
        else:
            keyword, value = line.split(" ", 1)
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if keyword == "msgstr" or match:
                field = ("msgstr", int(match.group(1)) if match else 0)
                entry["msgstr"][field[1]] = unquote(value)
            else:
                field = keyword
                entry[field] = unquote(value)
    return entries


def test_the_language_of_an_english_request_does_not_outlive_the_test():
    # given: the tests above made English requests
    # then: this one runs in the default language, as the rest of the suite expects
    assert translation.get_language() == "zh-hans"


def test_po_parser_reads_flags_continuations_and_plurals():
    # given: a small catalogue in the .po syntax
    text = (
        '#, fuzzy, python-format\nmsgid ""\n"a %(n)s "\n"b"\nmsgstr "x"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "1"\nmsgstr[1] ""\n'
    )

    # when: it is parsed
    first, second = _po_entries(text)

    # then: continued strings are joined, flags and plural forms are kept
    assert first == {"flags": {"fuzzy", "python-format"}, "msgid": "a %(n)s b", "msgstr": {0: "x"}}
    assert second["msgid_plural"] == "many"
    assert second["msgstr"] == {0: "1", 1: ""}


def test_english_catalogue_has_no_untranslated_or_fuzzy_entry():
    # given: the English catalogue
    entries = _po_entries(PO_FILE.read_text(encoding="utf-8"))
    header, messages = entries[0], entries[1:]

    # then: the header is not fuzzy and every message has an English translation with the same placeholders
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert len(messages) > 800
    untranslated = [e["msgid"] for e in messages if not all(s.strip() for s in e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    still_chinese = [
        e["msgid"] for e in messages if e["msgid"] != "简体中文" and re.search(r"[\u4e00-\u9fff]", e["msgstr"][0])
    ]
    placeholders = [
        e["msgid"]
        for e in messages
        if any(sorted(PLACEHOLDER.findall(e["msgid"])) != sorted(PLACEHOLDER.findall(s)) for s in e["msgstr"].values())
    ]
    assert untranslated == []
    assert fuzzy == []
    assert still_chinese == []
    assert placeholders == []


def test_compiled_catalogue_matches_the_po_file():
    # given: the committed django.mo, read the way the running application reads it
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = _po_entries(PO_FILE.read_text(encoding="utf-8"))[1:]

    # then: every translation in the .po is in the .mo (a stale .mo means compilemessages was forgotten)
    def translated(e):
        return compiled.pgettext(e["msgctxt"], e["msgid"]) if "msgctxt" in e else compiled.gettext(e["msgid"])

    stale = [e["msgid"] for e in entries if "msgid_plural" not in e and translated(e) != e["msgstr"][0]]
    assert stale == []
    assert compiled.gettext("政协委员工作室 · 民意直通") == "CPPCC Members' Workstations · Direct Line to the People"


def test_a_citizen_reading_english_leaves_a_chinese_record_for_the_office(client, workstation, category):
    # given: a citizen who switched the form to English
    _switch_language(client, "en")
    _page, key = _submit_page(client, workstation)

    # when: they submit a petition
    response = client.post(
        reverse("petitions:submit", kwargs={"code": workstation.code}),
        {
            "category": category.pk,
            "content": "河堤广场晚上九点半以后音乐声太大，影响学生休息。",
            "website": "",
            "idempotency_key": key,
        },
    )

    # then: the pages spoke English to them, but the timeline the office reads is in Chinese
    assert response.status_code == 302
    petition = Petition.objects.get()
    submitted = PetitionEvent.objects.filter(petition=petition).order_by("id").first()
    assert submitted.actor_label == "群众"
    assert submitted.message.startswith("诉求已受理，将在 ")


@pytest.mark.django_db
def test_the_dashboards_handled_column_is_not_the_reviewers_resolve_button(client, office_staff):
    # "处理" is both a statistics column (handled) and a reviewer's button (resolve)
    client.force_login(office_staff)

    page = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<th class="text-end">Handled</th>' in page
    assert ">Resolve<" not in page
