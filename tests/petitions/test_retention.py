"""Personal data past its time: a closed case's contact data and photos are deleted
PII_RETENTION_MONTHS after it closed (beat), or at once at the citizen's request (the case page);
the case and its timeline stay, with one ANONYMISED event."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.urls import reverse
from PIL import Image

from accounts.roles import Role
from audit.choices import AccessKind
from audit.models import AccessLog
from petitions.choices import EventType, Outcome, Status
from petitions.models import Petition, PetitionEvent, PetitionPhoto
from petitions.services.retention import contact_cleared_values, petitions_retention_sweep
from petitions.tasks import contact_retention_sweep
from tests import factories

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2028, 3, 15, 2, 41, tzinfo=TZ)


def _photo(petition) -> PetitionPhoto:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="JPEG")
    return PetitionPhoto.objects.create(
        petition=petition,
        image=ContentFile(buffer.getvalue(), name="p.jpg"),
        content_type="image/jpeg",
        width=4,
        height=4,
        size=len(buffer.getvalue()),
    )


def _closed(workstation, closed_at, **fields) -> Petition:
    fields.setdefault("citizen_address", "桃花仑路 1 号")
    petition = factories.PetitionFactory(workstation=workstation, **fields)
    Petition.objects.filter(pk=petition.pk).update(status=Status.CLOSED, outcome=Outcome.SOLVED, closed_at=closed_at)
    petition.refresh_from_db()
    return petition


def _contact(petition) -> tuple:
    petition.refresh_from_db()
    return (petition.citizen_name, petition.citizen_phone, petition.citizen_address, petition.anonymised_at)


def _constraints_hold() -> bool:
    """The two contact constraints, asked of every row (the database enforces them on write too)."""
    no_contact = Q(citizen_name="", citizen_phone="", citizen_address="")
    return not Petition.objects.filter(
        (Q(is_anonymous=True) & ~no_contact) | (Q(consent_given=False) & ~no_contact)
    ).exists()


@pytest.fixture
def cases(workstation):
    old = _closed(workstation, datetime.datetime(2026, 3, 14, 12, 0, tzinfo=TZ))  # 24 months and a day
    recent = _closed(workstation, datetime.datetime(2026, 3, 16, 12, 0, tzinfo=TZ))  # not yet
    open_case = factories.PetitionFactory(workstation=workstation, created_at=datetime.datetime(2025, 1, 1, tzinfo=TZ))
    return {"old": old, "recent": recent, "open": open_case, "photo": _photo(old), "recent_photo": _photo(recent)}


@time_machine.travel(NOW, tick=False)
def test_a_case_closed_more_than_24_months_ago_loses_its_contact_data_and_photos(
    cases, django_capture_on_commit_callbacks
):
    photo_name = cases["photo"].image.name
    assert default_storage.exists(photo_name)
    # when beat runs the sweep (the files go once the transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        assert contact_retention_sweep() == 1
    # then the old case's contact data is gone, stamped, and its photo row and file are gone
    assert _contact(cases["old"]) == ("", "", "", NOW)
    assert not PetitionPhoto.objects.filter(petition=cases["old"]).exists()
    assert not default_storage.exists(photo_name)
    # and one timeline event says so, internal, by the system
    event = PetitionEvent.objects.get(petition=cases["old"], type=EventType.ANONYMISED)
    assert (event.actor_id, event.actor_label, event.visibility, event.created_at, event.data) == (
        None,
        "系统",
        "internal",
        NOW,
        {"reason": "retention"},
    )
    assert event.message == "保存期满，已删除群众个人信息（姓名、联系方式、住址）和照片。"
    # and the case itself is as it was
    old = cases["old"]
    assert (old.status, old.outcome, old.content, old.consent_given) == (
        Status.CLOSED,
        Outcome.SOLVED,
        "河堤广场晚上九点半以后音乐声太大，影响一中高三学生休息。",
        True,
    )
    assert _constraints_hold()


@time_machine.travel(NOW, tick=False)
def test_recent_and_open_cases_keep_their_contact_data(cases):
    contact_retention_sweep()
    assert _contact(cases["recent"]) == ("张三", "13800138000", "桃花仑路 1 号", None)
    assert _contact(cases["open"])[:3] == ("张三", "13800138000", "")
    assert PetitionPhoto.objects.filter(pk=cases["recent_photo"].pk).exists()
    assert default_storage.exists(cases["recent_photo"].image.name)
    assert not PetitionEvent.objects.filter(type=EventType.ANONYMISED).exclude(petition=cases["old"]).exists()


@time_machine.travel(NOW, tick=False)
def test_the_sweep_is_idempotent(cases):
    petitions_retention_sweep()
    updated_at = Petition.objects.get(pk=cases["old"].pk).updated_at
    # when it runs again
    assert petitions_retention_sweep() == 0
    # then no second event, nothing rewritten
    assert PetitionEvent.objects.filter(type=EventType.ANONYMISED).count() == 1
    assert Petition.objects.get(pk=cases["old"].pk).updated_at == updated_at


@time_machine.travel(NOW, tick=False)
def test_the_sweep_goes_in_batches_and_the_next_run_takes_up_where_one_stopped(workstation):
    closed = [_closed(workstation, datetime.datetime(2025, 1, day, tzinfo=TZ)) for day in range(1, 6)]
    assert petitions_retention_sweep(batch_size=2, max_batches=1) == 2
    # the two that closed first went first
    assert [_contact(p)[3] for p in closed] == [NOW, NOW, None, None, None]
    assert petitions_retention_sweep(batch_size=2) == 3
    assert [_contact(p)[3] for p in closed] == [NOW] * 5


@time_machine.travel(NOW, tick=False)
def test_an_anonymous_case_is_stamped_and_stays_valid(workstation):
    petition = _closed(
        workstation,
        datetime.datetime(2025, 1, 1, tzinfo=TZ),
        is_anonymous=True,
        citizen_name="",
        citizen_phone="",
        consent_given=False,
        citizen_address="",
    )
    assert petitions_retention_sweep() == 1
    assert _contact(petition) == ("", "", "", NOW)
    assert _constraints_hold()


@time_machine.travel(NOW, tick=False)
def test_a_longer_retention_keeps_the_case(cases, settings):
    settings.PII_RETENTION_MONTHS = 36
    assert petitions_retention_sweep() == 0
    assert _contact(cases["old"])[:3] == ("张三", "13800138000", "桃花仑路 1 号")


def test_the_contact_fields_are_listed_once_and_cleared_to_empty():
    assert Petition.CONTACT_FIELDS == ("citizen_name", "citizen_phone", "citizen_address", "citizen_phone_hash")
    assert contact_cleared_values() == {
        "citizen_name": "",
        "citizen_phone": "",
        "citizen_address": "",
        "citizen_phone_hash": "",
    }


def test_the_sweep_is_on_the_beat_schedule():
    from config.beat import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["petitions.contact_retention_sweep"]["task"] == "petitions.contact_retention_sweep"


# --- a citizen's request, through staff ---------------------------------------------------------


@pytest.fixture
def open_case(workstation, member):
    petition = factories.PetitionFactory(
        workstation=workstation, assigned_member=member, status=Status.ASSIGNED, citizen_address="桃花仑路 1 号"
    )
    _photo(petition)
    return petition


def _erase(client, petition, confirm=True):
    data = {"confirm": "on"} if confirm else {}
    return client.post(reverse("casework:case_erase_contact", args=[petition.pk]), data, follow=True)


@pytest.mark.parametrize("who", ["liaison_officer", "office_staff"])
def test_a_liaison_officer_or_office_staff_delete_the_contact_at_the_citizens_request(
    client, request, who, open_case, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(who)
    photo_name = open_case.photos.get().image.name
    client.force_login(user)
    page = client.get(reverse("casework:case_detail", args=[open_case.pk])).content.decode()
    assert 'id="erase-contact-form"' in page
    # when they confirm the deletion
    with django_capture_on_commit_callbacks(execute=True):
        response = _erase(client, open_case)
    # then the case page says so and shows no contact
    page = response.content.decode()
    assert "群众个人信息和照片已删除。" in page
    assert "13800138000" not in page
    assert 'id="erase-contact-form"' not in page
    assert 'id="case-anonymised"' in page
    assert _contact(open_case)[:3] == ("", "", "")
    assert not PetitionPhoto.objects.filter(petition=open_case).exists()
    assert not default_storage.exists(photo_name)
    event = PetitionEvent.objects.get(petition=open_case, type=EventType.ANONYMISED)
    assert (event.actor_id, event.data) == (user.pk, {"reason": "request"})
    # the case goes on: still assigned, still open
    assert Petition.objects.get(pk=open_case.pk).status == Status.ASSIGNED
    # and the access log says who did it, without the data itself
    row = AccessLog.objects.get(kind=AccessKind.CONTACT_ERASED)
    assert (row.actor_id, row.petition_id, row.tracking_code) == (user.pk, open_case.pk, open_case.tracking_code)
    assert _constraints_hold()


def _unchanged(petition):
    assert _contact(petition) == ("张三", "13800138000", "桃花仑路 1 号", None)
    assert PetitionPhoto.objects.filter(petition=petition).count() == 1
    assert not PetitionEvent.objects.filter(type=EventType.ANONYMISED).exists()
    assert not AccessLog.objects.filter(kind=AccessKind.CONTACT_ERASED).exists()


def test_without_the_confirmation_nothing_is_deleted(client, liaison_officer, open_case):
    client.force_login(liaison_officer)
    response = _erase(client, open_case, confirm=False)
    assert "请勾选确认后再删除群众个人信息。" in response.content.decode()
    _unchanged(open_case)


def test_the_assigned_member_may_not_delete_it(client, member, open_case):
    client.force_login(member.user)
    page = client.get(reverse("casework:case_detail", args=[open_case.pk])).content.decode()
    assert 'id="erase-contact-form"' not in page
    response = _erase(client, open_case)
    assert "只有本工作室联络员或办公室工作人员可以删除群众个人信息。" in response.content.decode()
    _unchanged(open_case)


def test_a_liaison_officer_of_another_workstation_cannot_reach_it(client, other_workstation, open_case):
    other = factories.UserFactory(username="other-liaison", roles=[Role.LIAISON_OFFICER])
    other_workstation.liaison_officers.add(other)
    client.force_login(other)
    response = client.post(reverse("casework:case_erase_contact", args=[open_case.pk]), {"confirm": "on"})
    assert response.status_code == 404
    _unchanged(open_case)


def test_a_second_request_is_refused_and_writes_nothing(client, liaison_officer, open_case):
    client.force_login(liaison_officer)
    _erase(client, open_case)
    response = client.post(reverse("casework:case_erase_contact", args=[open_case.pk]), {"confirm": "on"}, follow=True)
    assert "该诉求的群众个人信息已经删除。" in response.content.decode()
    assert PetitionEvent.objects.filter(type=EventType.ANONYMISED).count() == 1
    assert AccessLog.objects.filter(kind=AccessKind.CONTACT_ERASED).count() == 1
