import pytest
from django.utils import timezone

from petitions.models import Petition, normalize_tracking_code
from tests import factories
from tests.petitions.conftest import png_bytes


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


@pytest.mark.django_db(transaction=True)
def test_citizen_with_a_photo_is_shown_a_similar_case_and_goes_on_without_picking_it_again(
    live_server, phone_page, screenshot, workstation, tmp_path
):
    # given: an open case about the noise on the river bank, and a photo on the citizen's phone
    category = factories.CategoryFactory(name="噪音扰民", code="noise")
    factories.PetitionFactory(
        workstation=workstation, category=category, content="河堤广场晚上九点半以后音乐声太大，影响一中高三学生休息。"
    )
    photo = tmp_path / "river.png"
    photo.write_bytes(png_bytes(size=(120, 90)))

    # when: they describe the same noise in other words and attach the photo
    phone_page.goto(f"{live_server.url}/w/{workstation.code}/submit/")
    phone_page.select_option("select[name=category]", label="噪音扰民")
    phone_page.fill("textarea[name=content]", "河堤广场晚上音乐声太大了，高三学生没法休息")
    phone_page.set_input_files("input[name=photos]", str(photo))
    phone_page.click("#submit-petition")

    # then: the similar case comes first, and the photo is kept for them
    similar = phone_page.locator("#similar-cases")
    similar.wait_for()
    assert "影响一中高三学生休息" in similar.inner_text()
    assert "您的 1 张照片已保留" in phone_page.locator("#held-photos").inner_text()
    screenshot(phone_page, "1-similar-cases")

    # when: it is not their problem after all, they go on
    phone_page.click("button[name=decision]")

    # then: their own petition is saved with the photo
    phone_page.wait_for_url(f"**/w/{workstation.code}/submit/done/")
    shown = phone_page.locator("#tracking-code").inner_text()
    screenshot(phone_page, "2-confirmation")
    petition = Petition.objects.get(tracking_code=normalize_tracking_code(shown))
    assert petition.photos.count() == 1
