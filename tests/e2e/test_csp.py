"""The Content-Security-Policy in a real browser: the pages people use, at 390 px, with the policy
enforced, raise no violation (neither a 'securitypolicyviolation' event nor a console message)."""

import pytest

from petitions.choices import Status
from tests import factories
from tests.e2e.conftest import PHONE, sign_in
from tests.petitions.test_workflow_views import _petition_with_photo

pytestmark = pytest.mark.django_db(transaction=True)

# Runs in every document before the page's own scripts (Playwright injects it outside the CSP).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


class Watched:
    """A phone-sized page that keeps every CSP violation and console error of every page it opens."""

    def __init__(self, browser):
        self.context = browser.new_context(locale="zh-CN", **PHONE)
        self.context.set_default_timeout(15_000)
        self.context.add_init_script(LISTEN)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.console.append(f"uncaught: {exc}"))

    def _on_console(self, msg):
        # The browser asks for /favicon.ico on its own; there is none, and that is no CSP matter.
        if msg.type in ("error", "warning") and not msg.location.get("url", "").endswith("/favicon.ico"):
            self.console.append(msg.text)

    def visit(self, url: str) -> list[str]:
        """Opens url, waits until it is quiet, and answers the page's violations and console errors."""
        self.console.clear()
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return self.page.evaluate("window.__cspViolations") + self.console

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser):
    made = []

    def make():
        made.append(Watched(browser))
        return made[-1]

    yield make
    for w in made:
        w.close()


def test_the_listener_sees_a_violation(live_server, watched, workstation):
    # given a page under the policy
    w = watched()
    assert w.visit(f"{live_server.url}/") == []

    # when something puts an inline script into it
    w.page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.append(s); }"
    )

    # then the policy blocks it and the listener reports it
    w.page.wait_for_function("() => window.__cspViolations.length > 0")
    assert w.page.evaluate("window.ran") is None
    assert w.page.evaluate("window.__cspViolations")[0].startswith("script-src-elem blocked inline")


def test_citizen_pages_raise_no_violation(live_server, watched, workstation):
    # given a workstation, a category and a case to track
    factories.CategoryFactory(name="噪音扰民", code="noise")
    petition = factories.PetitionFactory(workstation=workstation, status=Status.RECEIVED)
    w = watched()
    url = live_server.url

    # when / then: each page the citizen opens
    assert w.visit(f"{url}/") == []
    assert w.visit(f"{url}/w/{workstation.code}/") == []
    assert w.visit(f"{url}/w/{workstation.code}/submit/") == []
    assert w.visit(f"{url}/track/") == []
    assert w.visit(f"{url}/track/{petition.tracking_code}/") == []
    assert w.page.locator("#case-status").inner_text() == "待分派"


def test_staff_pages_raise_no_violation(
    live_server, watched, workstation, member, reviewer, department_handler, office_staff
):
    # given a case with a photo in the member's inbox
    petition, _photo = _petition_with_photo(member, workstation)
    url = live_server.url

    # when / then: the member's inbox and case page (its photo thumbnail included)
    w = watched()
    sign_in(w.page, url, "member")
    assert w.page.evaluate("window.__cspViolations") == []
    assert w.visit(f"{url}/inbox/") == []
    assert w.visit(f"{url}/cases/{petition.pk}/") == []
    assert w.page.locator("#case-photos img").evaluate("img => img.complete && img.naturalWidth") == 32

    # the API docs: Swagger UI draws the schema
    assert w.visit(f"{url}/api/docs/") == []
    w.page.wait_for_selector(".swagger-ui .information-container .title")
    assert w.page.locator(".swagger-ui .information-container .title").inner_text().startswith("委员工作室 API")
    assert w.page.evaluate("window.__cspViolations") == []

    # the reviewer's queue
    w = watched()
    sign_in(w.page, url, "reviewer")
    assert w.visit(f"{url}/review/") == []

    # the department portal
    w = watched()
    sign_in(w.page, url, "handler")
    assert w.visit(f"{url}/dept/") == []

    # the dashboard, its charts drawn by Chart.js under the policy
    w = watched()
    sign_in(w.page, url, "office")
    assert w.visit(f"{url}/dashboard/") == []
    w.page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 3")
    assert w.page.evaluate("window.__cspViolations") == []


def test_admin_and_the_browsable_api_raise_no_violation(live_server, watched, workstation):
    # given a superuser and a case for the admin to list
    factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    factories.PetitionFactory(workstation=workstation)
    w = watched()
    sign_in(w.page, live_server.url, "root")

    # when / then
    assert w.visit(f"{live_server.url}/admin/") == []
    assert w.visit(f"{live_server.url}/admin/petitions/petition/") == []
    assert w.visit(f"{live_server.url}/admin/workstations/workstation/{workstation.pk}/change/") == []
    # DRF's page for a browser, without its inline Pygments <style> (common/renderers.py)
    assert w.visit(f"{live_server.url}/api/v1/stats/summary/") == []
    assert w.page.locator(".response-info").count() == 1


def test_the_second_factor_pages_raise_no_violation(live_server, watched, office_staff, settings):
    # given office staff who must enrol a second factor
    settings.STAFF_2FA_REQUIRED = True
    w = watched()

    # when they sign in with a password, then the set-up page (its QR code an inline SVG) is clean
    sign_in(w.page, live_server.url, "office")
    assert w.page.url.startswith(f"{live_server.url}/accounts/2fa/")
    assert w.page.locator("#totp-qr svg").count() == 1
    assert w.page.evaluate("window.__cspViolations") == []
    assert w.visit(f"{live_server.url}/accounts/login/") == []
