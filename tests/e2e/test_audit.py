"""On a phone: a liaison officer opens a case (and sees its 查看记录); office staff find that look
on the audit page by the case's tracking code."""

import pytest

from audit.choices import AccessKind
from audit.models import AccessLog
from tests import factories
from tests.e2e.conftest import PHONE, _new_page, sign_in


@pytest.mark.django_db(transaction=True)
def test_a_look_at_a_case_shows_on_the_audit_page(live_server, browser, screenshot, liaison_officer, office_staff):
    petition = factories.PetitionFactory(workstation=liaison_officer.liaison_workstations.get())
    # given the liaison officer opens the case on a phone
    context, page = _new_page(browser, PHONE)
    sign_in(page, live_server.url, "liaison")
    page.goto(f"{live_server.url}/cases/{petition.pk}/")
    assert "13800138000" in page.locator("#case-contact").inner_text()
    assert "查看群众联系方式" in page.locator("#case-access-log").inner_text()
    screenshot(page, "case")
    context.close()

    # when office staff look the case up on the audit page
    context, page = _new_page(browser, PHONE)
    sign_in(page, live_server.url, "office")
    page.click(".navbar-toggler")
    page.click("text=访问审计")
    page.wait_for_load_state()
    page.fill("#id_tracking_code", petition.display_code)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state()
    # then the one row says who looked, and how
    rows = page.locator("#audit-table tbody tr")
    assert rows.count() == 1
    cells = [cell.strip() for cell in rows.first.locator("td").all_inner_texts()]
    assert cells[1:5] == [
        f"liaison {liaison_officer.full_name}",
        "查看群众联系方式",
        petition.tracking_code,
        "127.0.0.1",
    ]
    assert "13800138000" not in page.content()
    # and the page fits the phone's width (the table scrolls inside its own box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "audit")
    context.close()
    assert AccessLog.objects.filter(kind=AccessKind.CONTACT_VIEW, petition_id=petition.pk).count() == 1
