"""Browser tests: Playwright driving Debian's Chromium, headless, against pytest-django's live
server. Screenshots land in test-artifacts/ so that a person can look at what the test saw."""

import logging
import os
import re
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# Playwright's sync API runs an event loop in this thread; Django's ORM is used from the same test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture(autouse=True)
def _no_personal_data_in_logs(live_server, caplog):
    """Every browser test also checks the log lines the server wrote while it ran (the live server
    logs in this process): no mobile number, and no name of a citizen whose petition is in the
    database. (It asks for live_server so that it ends before the test database is emptied.)"""
    from petitions.models import Petition

    caplog.set_level(logging.DEBUG)
    yield
    records = caplog.get_records("setup") + caplog.get_records("call")
    text = "\n".join(record.getMessage() for record in records)
    names = set(Petition.objects.exclude(citizen_name="").values_list("citizen_name", flat=True))
    assert MOBILE.findall(text) == []
    assert [name for name in names if name in text] == []


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser, options, locale="zh-CN"):
    context = browser.new_context(locale=locale, **options)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def phone_page(browser):
    """A page in a phone-sized viewport, as a citizen scanning a QR code has."""
    context, page = _new_page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context, page = _new_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def new_desktop_page(browser):
    """A factory of further desktop pages, each in its own context (a second person, signed in
    separately)."""
    contexts = []

    def make():
        context, page = _new_page(browser, DESKTOP)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(request):
    """screenshot(page, "name") keeps a PNG of the page under test-artifacts/<test name>/."""

    def take(page, name: str):
        folder = ARTIFACTS / request.node.name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, live_server_url: str, username: str, password: str = "pass-word-123"):
    page.goto(f"{live_server_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
