"""Every page a person uses, on the seeded demo: it fits a 390 px phone without sideways scroll, it
fits 1366 px in English, its touch targets are large enough, and axe-core finds no serious or
critical accessibility violation. One browser, one demo, many pages per test (the demo takes a few
seconds to seed)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.conftest import _new_page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "demo-2026"


def _axe_source():
    return AXE.read_text(encoding="utf-8")


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
WIDE = {"viewport": {"width": 1366, "height": 900}}

# Against the configured width, not innerWidth: a mobile browser widens its layout viewport to fit
# content that overflows, and innerWidth follows it.
OVERFLOW_JS = "(width) => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - width"

# Visible interactive elements smaller than 44×44 CSS px (WCAG 2.5.5's size) that are not inline
# links inside running text. Returns a short description of each.
SMALL_TARGETS_JS = """() => {
  const out = [];
  const sel = 'main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary,'
    + ' .case-action-bar a, .case-action-bar button';
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    if (el.matches('.hp-field *')) continue;
    // a link inside a sentence or a paragraph is exempt (WCAG 2.5.8 "inline")
    const inText = 'p, li.list-inline-item, .small, small, td, dd, .form-text, .alert';
    if (el.tagName === 'A' && style.display === 'inline' && el.closest(inText)) continue;
    let w = r.width, h = r.height;
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      const label = el.closest('.form-check, label');
      if (label) { const lr = label.getBoundingClientRect(); w = Math.max(w, lr.width); h = Math.max(h, lr.height); }
    }
    if (w < 44 - 0.5 || h < 44 - 0.5) {
      const text = (el.innerText || el.value || el.name || '').trim().slice(0, 20);
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${text}" ${Math.round(w)}x${Math.round(h)}`);
    }
  }
  return out;
}"""

AXE_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => {
      const where = v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ');
      return `${v.id} (${v.impact}): ${v.nodes.length} × ${where}`;
    });
}"""


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", allow_production=True, stdout=StringIO())


def _sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"


def _staff_pages():
    """(role, username, [(name, path), ...]) for each staff role, on the demo's own rows."""
    from departments.models import Department
    from members.models import DutyRoster
    from petitions.models import Petition
    from proposals.models import Proposal
    from workstations.models import Workstation

    xiliuwan = Workstation.objects.get(code="xiliuwan")
    from petitions.choices import Status

    mine = Petition.objects.filter(assigned_member__user__username="wangjianguo").order_by("-pk")
    # a case with work to do (its action forms and the bottom bar), else any of the member's cases
    member_case = mine.filter(status__in=[Status.ASSIGNED, Status.CONSULTED, Status.REPLIED]).first() or mine.first()
    roster = DutyRoster.objects.filter(workstation=xiliuwan).order_by("-month").first()
    proposal = Proposal.objects.order_by("-pk").first()
    closed_proposal = Proposal.objects.filter(status="closed", body__parent=None).order_by("pk").first()
    county = Proposal.objects.filter(status="submitted", body__name="资阳区政协").order_by("pk").first()
    chengguan = Department.objects.get(handlers__username="chengguan")
    item = _department_item_path(chengguan)
    member_pages = [
        ("inbox", "/inbox/"),
        ("my-duties", "/my/duties/"),
        ("knowledge", "/knowledge/"),
        ("my-record", "/dashboard/members/me/"),
        ("opinions", "/opinions/"),
        ("two-factor", "/accounts/2fa/"),
    ]
    if member_case:
        member_pages.insert(1, ("case", f"/cases/{member_case.pk}/"))
    if proposal:
        member_pages.append(("proposal", f"/proposals/{proposal.pk}/"))
    topic = _demo_topic()
    if topic:
        member_pages.append(("research-topic", f"/research/{topic.pk}/"))
    liaison_pages = [
        ("inbox", "/inbox/"),
        ("rosters", "/rosters/"),
        ("swaps", "/rosters/swaps/"),
        ("offline-record", "/intake/new/"),
    ]
    if roster:
        liaison_pages.insert(2, ("roster-month", f"/rosters/xiliuwan/{roster.month.year}/{roster.month.month}/"))
    liaison_case = Petition.objects.filter(workstation=xiliuwan).order_by("pk").first()
    if liaison_case:
        liaison_pages.insert(1, ("case", f"/cases/{liaison_case.pk}/"))
    # pages other branches are adding (profile, notifications): checked once they exist
    for name, path in [("profile", "/accounts/profile/"), ("notifications", "/notifications/")]:
        if _exists(path):
            member_pages.append((name, path))
    return [
        ("member", "wangjianguo", member_pages),
        ("liaison", "liaison", liaison_pages),
        (
            "reviewer",
            "reviewer",
            [
                ("review", "/review/"),
                ("review-departments", "/review/departments/"),
                # a closed proposal: the reviewer's grades of each department
                *([("proposal-grade", f"/proposals/{closed_proposal.pk}/")] if closed_proposal else []),
            ],
        ),
        # a county's reviewer: accept, return or forward (转报) the district's proposal
        (
            "county-reviewer",
            "reviewer_ziyang",
            [("review", "/review/"), *([("proposal-forward", f"/proposals/{county.pk}/")] if county else [])],
        ),
        ("department", "chengguan", [("portal", "/dept/")] + ([("item", item)] if item else [])),
        (
            "office",
            "office",
            [
                ("dashboard", "/dashboard/"),
                ("topics", "/dashboard/topics/"),
                ("drill-down", "/dashboard/cases/collected/"),
                ("report", "/dashboard/report/"),
                ("audit", "/audit/"),
                ("knowledge-new", "/knowledge/new/"),
                ("tokens", "/accounts/tokens/"),
                ("lockouts", "/accounts/lockouts/"),
                ("two-factor", "/accounts/2fa/"),
                *([("research", "/research/"), ("research-topic", f"/research/{topic.pk}/")] if topic else []),
            ],
        ),
    ]


def _demo_topic():
    from topics.models import Topic

    return Topic.objects.order_by("pk").first()


def _exists(path):
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _department_item_path(department):
    from petitions.models import Consultation as PetitionConsultation
    from proposals.models import ProposalAssignment

    assignment = ProposalAssignment.objects.filter(department=department).order_by("-pk").first()
    if assignment:
        return f"/dept/assignment/{assignment.pk}/"
    consultation = PetitionConsultation.objects.filter(department=department).order_by("-pk").first()
    return f"/dept/consultation/{consultation.pk}/" if consultation else None


def _check_pages(page, base_url, pages, prefix, screenshot, *, axe=True, targets=True):
    problems = []
    for name, path in pages:
        response = page.goto(base_url + path)
        assert response.status == 200, f"{prefix} {path}: {response.status}"
        page.wait_for_load_state()
        overflow = page.evaluate(OVERFLOW_JS, page.viewport_size["width"])
        if overflow > 0:
            problems.append(f"{prefix} {path}: {overflow} px wider than the screen")
        if targets:
            small = page.evaluate(SMALL_TARGETS_JS)
            if small:
                problems.append(f"{prefix} {path}: small touch targets {small[:8]}")
        if axe:
            # Evaluated through the DevTools protocol, which the page's CSP does not govern
            # (add_script_tag would insert an inline script that the CSP rightly refuses).
            page.evaluate(_axe_source())
            found = page.evaluate(AXE_JS)
            if found:
                problems.append(f"{prefix} {path}: axe {found}")
        screenshot(page, f"{prefix}-{name}")
    return problems


def _citizen_pages():
    from petitions.choices import Status
    from petitions.models import Petition

    closed = Petition.objects.filter(status=Status.CLOSED).order_by("pk").first()
    pages = [
        ("home", "/"),
        ("workstation", "/w/xiliuwan/"),
        ("submit", "/w/xiliuwan/submit/"),
        ("track", "/track/"),
        ("sign-in", "/accounts/login/"),
    ]
    if closed:
        pages.append(("track-closed", f"/track/{closed.tracking_code}/"))
    topic = _demo_topic()
    if topic:
        pages += [("topics", "/topics/"), ("topic", f"/topics/{topic.pk}/")]
    return pages


SIZES = {
    # (browser context options, language, whether touch targets are checked)
    "390": (PHONE, "zh-CN", True),
    "1366-en": (WIDE, "en", False),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES)
def test_every_page_fits_and_passes_axe(live_server, browser, demo, screenshot, size):
    # given the seeded demo, and a browser the size of a phone (Chinese) or of a laptop (English)
    options, locale, targets = SIZES[size]
    problems = []
    # when a citizen opens each public page, and each staff role signs in and opens its pages
    visits = [("citizen", None, _citizen_pages()), *_staff_pages()]
    for role, username, pages in visits:
        context, page = _new_page(browser, options, locale=locale)
        try:
            if locale == "en":
                context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
            if username:
                _sign_in(page, live_server.url, username)
            problems += _check_pages(page, live_server.url, pages, f"{size}-{role}", screenshot, targets=targets)
        finally:
            context.close()
    # then no page scrolls sideways, no target is too small to tap, and axe finds nothing serious
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_case_actions_are_in_reach_at_the_bottom_of_a_phone(live_server, phone_page, screenshot, member, workstation):
    from petitions.choices import Status
    from tests import factories
    from tests.e2e.conftest import sign_in

    # given a case waiting for its member to choose a track
    petition = factories.PetitionFactory(workstation=workstation, assigned_member=member, status=Status.ASSIGNED)
    page = phone_page
    sign_in(page, live_server.url, "member")
    # when the member opens it on a phone
    page.goto(f"{live_server.url}/cases/{petition.pk}/")
    # then the action bar is fixed at the bottom of the screen, with the action due now
    bar = page.locator("#case-action-bar")
    box = bar.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(844, abs=1)
    assert bar.locator("a").all_inner_texts() == ["确定办理方式", "全部操作"]
    # and its link brings the form into view, above the bar
    bar.locator("a", has_text="确定办理方式").click()
    page.wait_for_function("() => location.hash === '#triage-form'")
    form = page.locator("#triage-form").bounding_box()
    assert 0 <= form["y"] < box["y"]
    assert page.evaluate(OVERFLOW_JS, 390) <= 0
    screenshot(page, "triage-in-reach")
