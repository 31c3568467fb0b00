"""Every view of a citizen's contact data, every photo served and every export leaves one row in
the access log: who, which case, from where; never the citizen's name or phone."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from audit.choices import AccessKind
from audit.models import AccessLog
from petitions.models import PetitionPhoto
from tests import factories

pytestmark = pytest.mark.django_db


def _rows():
    """The access rows (force_login's sign-in row left out)."""
    return list(
        AccessLog.objects.exclude(kind=AccessKind.LOGIN)
        .order_by("id")
        .values_list("kind", "actor__username", "petition_id", "tracking_code", "ip_address", "row_count")
    )


def _no_personal_data_in_log():
    for row in AccessLog.objects.values():
        text = " ".join(str(value) for value in row.values())
        assert "张三" not in text
        assert "13800138000" not in text


@pytest.fixture
def petition(workstation, member):
    return factories.PetitionFactory(workstation=workstation, assigned_member=member, status="assigned")


def test_the_liaison_officer_opening_the_case_page_is_recorded(client, liaison_officer, petition):
    # given the workstation's liaison officer, who may see the citizen's contact data
    client.force_login(liaison_officer)
    # when they open the case page
    response = client.get(reverse("casework:case_detail", args=[petition.pk]), REMOTE_ADDR="10.1.2.3")
    # then they see the contact, and one row says who saw it, for which case and from where
    assert "13800138000" in response.content.decode()
    assert _rows() == [(AccessKind.CONTACT_VIEW, "liaison", petition.pk, petition.tracking_code, "10.1.2.3", None)]
    assert AccessLog.objects.get(kind=AccessKind.CONTACT_VIEW).path == f"/cases/{petition.pk}/"
    _no_personal_data_in_log()


def test_a_case_page_without_contact_data_is_not_a_contact_view(client, reviewer, petition):
    # given a reviewer, who sees the case but not the citizen's contact
    client.force_login(reviewer)
    # when they open the case page
    response = client.get(reverse("casework:case_detail", args=[petition.pk]))
    # then the contact is hidden and nothing is recorded
    assert response.status_code == 200
    assert "13800138000" not in response.content.decode()
    assert _rows() == []


def test_an_anonymous_case_has_no_contact_to_view(client, liaison_officer, workstation):
    petition = factories.PetitionFactory(
        workstation=workstation, is_anonymous=True, citizen_name="", citizen_phone="", consent_given=False
    )
    client.force_login(liaison_officer)
    client.get(reverse("casework:case_detail", args=[petition.pk]))
    assert _rows() == []


def _photo(petition):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="JPEG")
    from django.core.files.base import ContentFile

    return PetitionPhoto.objects.create(
        petition=petition,
        image=ContentFile(buffer.getvalue(), name="a.jpg"),
        content_type="image/jpeg",
        width=4,
        height=4,
        size=len(buffer.getvalue()),
    )


def test_every_photo_served_is_recorded(client, member, petition):
    photo = _photo(petition)
    client.force_login(member.user)
    # when the assigned member opens the photo
    response = client.get(reverse("casework:case_photo", args=[petition.pk, photo.pk]))
    # then it is served and recorded, with the photo's number
    assert response.status_code == 200
    assert _rows() == [(AccessKind.PHOTO_VIEW, "member", petition.pk, petition.tracking_code, "127.0.0.1", None)]
    assert AccessLog.objects.get(kind=AccessKind.PHOTO_VIEW).detail == f"photo {photo.pk}"


def test_a_refused_photo_is_not_a_photo_view(client, reviewer, petition):
    photo = _photo(petition)
    client.force_login(reviewer)
    response = client.get(reverse("casework:case_photo", args=[petition.pk, photo.pk]))
    assert response.status_code == 404
    assert _rows() == []


def test_the_intake_desk_receipt_is_recorded(client, liaison_officer, workstation):
    petition = factories.PetitionFactory(workstation=workstation, recorded_by=liaison_officer, channel="reception")
    client.force_login(liaison_officer)
    response = client.get(reverse("petitions:offline_receipt", args=[petition.pk]))
    assert response.status_code == 200
    assert _rows() == [(AccessKind.RECEIPT_VIEW, "liaison", petition.pk, petition.tracking_code, "127.0.0.1", None)]


def test_the_statistics_export_is_recorded_with_its_kind_and_rows(client, office_staff):
    client.force_login(office_staff)
    response = client.get(
        reverse("stats:export", args=["csv"]), {"period": "custom", "start": "2026-01-01", "end": "2026-01-31"}
    )
    assert response.status_code == 200
    row = AccessLog.objects.get(kind=AccessKind.EXPORT)
    # the overview table has 12 rows (the result satisfaction rate beside the handling's), the trend
    # 12 months; the other tables are empty here
    assert (row.kind, row.actor_id, row.row_count) == (AccessKind.EXPORT, office_staff.pk, 24)
    assert row.detail == "stats csv 2026-01-01..2026-01-31"


def test_the_roster_export_is_recorded_with_its_rows(client, liaison_officer, workstation):
    client.force_login(liaison_officer)
    response = client.get(reverse("members:export", args=[workstation.code, 2026, "xlsx"]))
    assert response.status_code == 200
    row = AccessLog.objects.get(kind=AccessKind.EXPORT)
    assert (row.kind, row.actor_id, row.row_count, row.detail) == (
        AccessKind.EXPORT,
        liaison_officer.pk,
        0,
        "roster xiliuwan 2026 xlsx",
    )


def test_the_liaison_officer_sees_the_case_access_log(client, liaison_officer, member, petition):
    # given the member looked at the case yesterday
    client.force_login(member.user)
    client.get(reverse("casework:case_detail", args=[petition.pk]))
    # when the liaison officer opens it
    client.force_login(liaison_officer)
    page = client.get(reverse("casework:case_detail", args=[petition.pk])).content.decode()
    # then the 查看记录 section lists both looks, newest first
    section = page[page.index('id="case-access-log"') :]
    assert "查看记录" in section
    assert section.count("查看群众联系方式") == 2
    assert section.index(liaison_officer.display_name) < section.index(member.user.display_name)


def test_the_member_does_not_see_the_case_access_log(client, member, petition):
    client.force_login(member.user)
    page = client.get(reverse("casework:case_detail", args=[petition.pk])).content.decode()
    assert 'id="case-access-log"' not in page
