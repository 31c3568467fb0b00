import pytest
from django.utils import timezone

from petitions.models import Petition, normalize_tracking_code
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_citizen_submits_on_a_phone_and_tracks_the_case(live_server, phone_page, screenshot, workstation):
    # given: a category, and a member of the 经济界 sector on duty today
    factories.CategoryFactory(name="噪音扰民", code="noise")
    member = factories.MemberFactory(user__full_name="李值班", sector__name="经济界", workstations=[workstation])
    roster = factories.DutyRosterFactory(workstation=workstation, month=timezone.localdate().replace(day=1))
    factories.DutyAssignmentFactory(roster=roster, member=member, date=timezone.localdate())

    # when: a citizen opens the workstation page from the QR code and taps the big button
    phone_page.goto(f"{live_server.url}/w/{workstation.code}/")
    assert phone_page.locator(".on-duty-member").inner_text().startswith("李值班")
    screenshot(phone_page, "1-workstation")
    phone_page.click("text=提交诉求")
    phone_page.wait_for_url(f"**/w/{workstation.code}/submit/")

    # and fills in the form with one thumb
    phone_page.select_option("select[name=category]", label="噪音扰民")
    phone_page.fill("textarea[name=content]", "河堤广场晚上九点半以后音乐声太大，影响一中高三学生休息。")
    phone_page.fill("input[name=location]", "河堤广场")
    phone_page.fill("input[name=citizen_name]", "王小明")
    phone_page.fill("input[name=citizen_phone]", "13800138000")
    phone_page.check("input[name=consent_given]")
    screenshot(phone_page, "2-form")
    phone_page.click("#submit-petition")

    # then: the confirmation shows the tracking code
    phone_page.wait_for_url(f"**/w/{workstation.code}/submit/done/")
    shown = phone_page.locator("#tracking-code").inner_text()
    screenshot(phone_page, "3-confirmation")
    petition = Petition.objects.get()
    assert normalize_tracking_code(shown) == petition.tracking_code
    assert petition.assigned_member == member

    # when: they open the tracking page by typing the code
    phone_page.goto(f"{live_server.url}/track/")
    phone_page.fill("input[name=code]", shown.lower())
    phone_page.click("button[type=submit] >> text=查询")
    phone_page.wait_for_url(f"**/track/{petition.tracking_code}/")

    # then: they see the case, its sector, and none of their personal data
    assert phone_page.locator("#case-status").inner_text() == "已分派"
    timeline = phone_page.locator("#timeline").inner_text()
    assert "已分派给值班委员（经济界）办理。" in timeline
    body = phone_page.locator("body").inner_text()
    assert "王小明" not in body
    assert "13800138000" not in body
    assert "李值班" not in body
    screenshot(phone_page, "4-tracking")
