"""The citizen's rating form on a phone: nothing wider than the screen."""

import pytest
from django.utils import timezone

from petitions.choices import Outcome, Status, Track
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_the_rating_form_fits_a_390_px_phone(live_server, phone_page, screenshot, workstation):
    # given a closed case the citizen has not rated yet
    member = factories.MemberFactory(sector__name="中国共产党", workstations=[workstation])
    petition = factories.PetitionFactory(
        workstation=workstation, assigned_member=member, status=Status.CLOSED, track=Track.EXPLAIN,
        outcome=Outcome.EXPLAINED, closed_at=timezone.now(),
    )  # fmt: skip
    # when the citizen opens the tracking page on a 390 px phone
    phone_page.goto(f"{live_server.url}/track/{petition.tracking_code}/")
    screenshot(phone_page, "rating")
    # then the rating form is there, and the page does not scroll sideways
    assert phone_page.locator("#rating input[name=satisfaction]").count() == 3
    assert phone_page.locator("#rating input[name=result_satisfaction]").count() == 3
    assert phone_page.locator("#case-member").inner_text() == "中国共产党界别委员"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    box = phone_page.locator("#rating textarea[name=comment]").bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
