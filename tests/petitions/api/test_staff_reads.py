"""The staff petition API's reads, role by role: the list, a case (contact in clear only to those
handling it, masked otherwise, and recorded when shown), its timeline, its photos."""

import pytest
from django.core.files.base import ContentFile

from audit.choices import AccessKind
from audit.models import AccessLog
from petitions.models import PetitionPhoto
from tests.petitions.api.conftest import ROLES
from tests.petitions.conftest import png_bytes

pytestmark = pytest.mark.django_db

LIST = "/api/v1/staff/petitions/"

# Which of (case at 西流湾, case at 罗溪) each role's list holds.
LIST_ROWS = {
    "member": {"case"},
    "colleague": {"case"},
    "other_member": {"other_case"},
    "liaison": {"case"},
    "reviewer": {"case", "other_case"},
    "handler": set(),
    "other_handler": set(),
    "office": {"case", "other_case"},
    "read_only": {"case"},
}


@pytest.mark.parametrize("role", ROLES)
def test_the_list_holds_what_the_inbox_shows_each_role(api_as, role, case, other_case):
    # when each role asks for the list
    response = api_as(role).get(LIST)

    # then anonymous callers are refused, everyone else sees exactly their cases
    if role == "anonymous":
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
        return
    assert response.status_code == 200
    names = {case.pk: "case", other_case.pk: "other_case"}
    assert {names[row["id"]] for row in response.json()["results"]} == LIST_ROWS[role]


def test_a_list_row_carries_no_contact_data(api_as, case):
    row = api_as("member").get(LIST).json()["results"][0]
    text = str(row)
    assert "13812345678" not in text
    assert "张三丰" not in text
    assert "桃花仑路" not in text
    assert row["display_code"] == case.display_code
    assert row["workstation"] == {"code": "xiliuwan", "name": "西流湾社区委员工作室"}
    assert row["status"] == "assigned"
    assert row["track"] == 2
    assert row["overdue"] is False


# role -> (status, contact visible?)
DETAIL = {
    "anonymous": (401, None),
    "member": (200, True),
    "colleague": (200, False),
    "other_member": (404, None),
    "liaison": (200, True),
    "reviewer": (200, False),
    "handler": (404, None),
    "other_handler": (404, None),
    "office": (200, False),
    "read_only": (200, True),
}


@pytest.mark.parametrize("role", ROLES)
def test_a_case_shows_its_citizen_only_to_those_handling_it_and_records_it(api_as, role, case):
    # when each role opens the case by its id
    response = api_as(role).get(f"{LIST}{case.pk}/")

    # then the status and the contact are as the case page has them
    status, visible = DETAIL[role]
    assert response.status_code == status
    logged = AccessLog.objects.filter(kind=AccessKind.CONTACT_VIEW, petition_id=case.pk)
    if status != 200:
        assert set(response.json()) == {"code", "detail", "fields"}
        assert not logged.exists()
        return
    contact = response.json()["contact"]
    if visible:
        assert contact == {
            "visible": True,
            "anonymous": False,
            "name": "张三丰",
            "phone": "13812345678",
            "address": "桃花仑路 8 号",
        }
        # and the look is in the access log, as on the case page
        assert list(logged.values_list("actor__username", "tracking_code")) == [
            (case.assigned_member.user.username if role in ("member", "read_only") else "liaison", case.tracking_code)
        ]
    else:
        assert contact == {
            "visible": False,
            "anonymous": False,
            "name": "张**",
            "phone": "138****5678",
            "address": "****",
        }
        assert not logged.exists()


def test_a_case_is_found_by_its_tracking_code_too(api_as, case):
    response = api_as("member").get(f"{LIST}{case.display_code.lower()}/")
    assert response.status_code == 200
    assert response.json()["id"] == case.pk


@pytest.mark.parametrize("ref", ["³", "٣", "12345678901234567890", "-1", "nope"])
def test_a_reference_that_is_neither_an_id_nor_a_code_is_404(api_as, case, ref):
    response = api_as("member").get(f"{LIST}{ref}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_anonymous_case_says_so_and_has_nothing_to_show(api_as, workstation, member):
    from tests import factories

    anonymous = factories.PetitionFactory(
        workstation=workstation, assigned_member=member, status="assigned", is_anonymous=True,
        citizen_name="", citizen_phone="", consent_given=False,
    )  # fmt: skip
    contact = api_as("member").get(f"{LIST}{anonymous.pk}/").json()["contact"]
    assert contact == {"visible": False, "anonymous": True, "name": "", "phone": "", "address": ""}


def test_the_detail_answers_304_while_unchanged_and_records_no_second_look(api_as, case):
    api = api_as("member")
    first = api.get(f"{LIST}{case.pk}/")
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert "no-cache" in first["Cache-Control"]
    assert "private" in first["Cache-Control"]

    # when asked again with the tag
    again = api.get(f"{LIST}{case.pk}/", HTTP_IF_NONE_MATCH=etag)

    # then 304 with no body, and the access log holds the one look that showed the contact
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert AccessLog.objects.filter(kind=AccessKind.CONTACT_VIEW).count() == 1

    # and once the case moves, the tag no longer matches
    api.post(f"{LIST}{case.pk}/triage/", {"track": 1})
    changed = api.get(f"{LIST}{case.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_etag_depends_on_who_asks(api_as, case):
    # the handler sees the contact, a reviewer sees it masked: another body, another tag
    assert api_as("member").get(f"{LIST}{case.pk}/")["ETag"] != api_as("reviewer").get(f"{LIST}{case.pk}/")["ETag"]


EVENTS = {
    "anonymous": 401,
    "member": 200,
    "colleague": 200,
    "other_member": 404,
    "liaison": 200,
    "reviewer": 200,
    "handler": 404,
    "other_handler": 404,
    "office": 200,
    "read_only": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_timeline_is_the_case_pages(api_as, role, case, member):
    from petitions.services.handling import petition_note_add

    petition_note_add(user=member.user, petition_id=case.pk, text="已电话联系群众，约定明天上午走访。")
    response = api_as(role).get(f"{LIST}{case.pk}/events/")
    assert response.status_code == EVENTS[role]
    if response.status_code == 200:
        [note] = response.json()
        assert (note["type"], note["visibility"], note["message"], note["actor"]) == (
            "note",
            "internal",
            "已电话联系群众，约定明天上午走访。",
            member.user.display_name,
        )
        assert "data" not in note


# Photos: to those handling the case only (handles_case), 404 to everyone else, as the page.
PHOTOS = {
    "anonymous": 401,
    "member": 200,
    "colleague": 404,
    "other_member": 404,
    "liaison": 200,
    "reviewer": 404,
    "handler": 404,
    "other_handler": 404,
    "office": 404,
    "read_only": 200,
}


@pytest.fixture
def photo(case):
    photo = PetitionPhoto(petition=case, content_type="image/png", width=32, height=32, size=100)
    photo.image.save("p.png", ContentFile(png_bytes()), save=False)
    photo.save()
    return photo


@pytest.mark.parametrize("role", ROLES)
def test_photos_are_listed_and_served_only_to_those_handling_the_case(api_as, role, case, photo):
    api = api_as(role)
    listed = api.get(f"{LIST}{case.pk}/photos/")
    served = api.get(f"{LIST}{case.pk}/photos/{photo.pk}/", HTTP_ACCEPT="image/*")

    assert (listed.status_code, served.status_code) == (PHOTOS[role], PHOTOS[role])
    logged = AccessLog.objects.filter(kind=AccessKind.PHOTO_VIEW, petition_id=case.pk)
    if PHOTOS[role] == 200:
        assert [p["id"] for p in listed.json()] == [photo.pk]
        assert listed.json()[0]["url"] == f"{LIST}{case.pk}/photos/{photo.pk}/"
        assert b"".join(served.streaming_content) == png_bytes()
        assert served["Content-Disposition"].startswith("attachment;")
        assert list(logged.values_list("detail", flat=True)) == [f"photo {photo.pk}"]
    else:
        assert not logged.exists()


def test_a_photo_of_another_case_is_not_found(api_as, case, photo, workstation, member):
    from tests import factories

    mine_too = factories.PetitionFactory(workstation=workstation, assigned_member=member, status="assigned")
    assert api_as("member").get(f"{LIST}{mine_too.pk}/photos/{photo.pk}/").status_code == 404


def test_the_browsable_api_shows_the_list_and_a_case_to_a_signed_in_member(client, member, case):
    # the browser's session works too (the pages' own calls), and the HTML view renders its filters
    client.force_login(member.user)
    listed = client.get(LIST, HTTP_ACCEPT="text/html")
    assert listed.status_code == 200
    assert case.display_code in listed.content.decode()
    assert client.get(f"{LIST}{case.pk}/", HTTP_ACCEPT="text/html").status_code == 200
