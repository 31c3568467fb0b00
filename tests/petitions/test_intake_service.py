import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone, translation
from PIL import Image

from petitions.choices import Channel, EventType, Satisfaction, Status, Visibility
from petitions.models import TRACKING_ALPHABET, Petition, PetitionEvent, PetitionPhoto
from petitions.services import (
    IdempotencyKeyReused,
    IntakeData,
    IntakeError,
    petition_rate,
    petition_record_offline,
    petition_submit,
    phone_normalize,
    photo_clean,
)
from petitions.services import intake as intake_module
from petitions.workflow import TransitionError
from tests import factories
from tests.petitions.conftest import CONTENT, jpeg_with_gps, png_bytes, upload


def _data(category, **overrides):
    values = {
        "content": CONTENT,
        "category": category,
        "citizen_name": "张三",
        "citizen_phone": "13800138000",
        "consent_given": True,
    }
    values.update(overrides)
    return IntakeData(**values)


@pytest.mark.django_db
def test_submit_with_member_on_duty_assigns_to_them_and_tells_only_the_sector(
    workstation, category, on_duty, notifications, django_capture_on_commit_callbacks
):
    # given: a member of the 经济界 sector on duty today
    # when: a citizen submits
    with django_capture_on_commit_callbacks(execute=True):
        result = petition_submit(workstation=workstation, data=_data(category))

    # then: the case is the member's, with its first-response deadline, in one timeline
    petition = Petition.objects.get()
    assert result.created is True
    assert petition.status == Status.ASSIGNED
    assert petition.assigned_member == on_duty
    assert petition.channel == Channel.ONLINE
    assert petition.first_response_due is not None
    assert petition.first_response_due > datetime.date.today() - datetime.timedelta(days=1)
    assert petition.due_date == petition.first_response_due
    events = list(petition.events.order_by("id"))
    assert [e.type for e in events] == [EventType.SUBMITTED, EventType.ASSIGNED]
    assert all(e.visibility == Visibility.PUBLIC for e in events)
    assert events[1].message == "已分派给值班委员（经济界）办理。"
    assert "李值班" not in events[1].message
    # and the citizen got the tracking code by SMS, the member on duty the case's link
    assert [n.recipient for n in notifications] == ["13800138000", "13912345678"]
    assert petition.display_code in notifications[0].body
    assert notifications[1].body.endswith(f"/cases/{petition.pk}/")
    assert "13800138000" not in notifications[1].body


@pytest.mark.django_db
def test_submit_with_nobody_on_duty_queues_and_tells_the_liaison_officer(
    workstation, category, liaison_officer, notifications, django_capture_on_commit_callbacks
):
    # given: no roster at all, a liaison officer with an e-mail address
    liaison_officer.email = "liaison@example.org"
    liaison_officer.save()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        petition_submit(workstation=workstation, data=_data(category, citizen_phone="", citizen_name=""))

    # then: it waits in the queue, and the officer (not a citizen: no phone was given) is told
    petition = Petition.objects.get()
    assert petition.status == Status.RECEIVED
    assert petition.assigned_member is None
    assert [e.type for e in petition.events.order_by("id")] == [EventType.SUBMITTED, EventType.QUEUED]
    assert [(n.recipient, n.channel) for n in notifications] == [("liaison@example.org", "email")]
    assert petition.display_code in notifications[0].body


@pytest.mark.django_db
def test_a_draft_roster_is_not_a_duty(workstation, category, on_duty):
    # given: the roster with today's duty is still a draft
    on_duty.duties.update()
    from members.models import DutyRoster

    DutyRoster.objects.update(status="draft")

    # when
    petition_submit(workstation=workstation, data=_data(category))

    # then
    assert Petition.objects.get().status == Status.RECEIVED


@pytest.mark.django_db
def test_anonymous_keeps_no_contact_data(workstation, category):
    petition_submit(workstation=workstation, data=_data(category, is_anonymous=True, consent_given=False))

    petition = Petition.objects.get()
    assert (petition.citizen_name, petition.citizen_phone, petition.is_anonymous) == ("", "", True)


@pytest.mark.django_db
def test_contact_data_without_consent_is_refused_and_nothing_saved(workstation, category, notifications):
    with pytest.raises(IntakeError) as excinfo:
        petition_submit(workstation=workstation, data=_data(category, consent_given=False))

    assert excinfo.value.messages == ["留下姓名或电话时，请勾选同意我们为办理诉求使用您的个人信息。"]
    assert Petition.objects.count() == 0
    assert PetitionEvent.objects.count() == 0
    assert notifications == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("13800138000", "13800138000"), ("+86 138-0013-8000", "13800138000"), ("１３８００１３８０００", "13800138000")],
)
def test_phone_normalize_accepts_what_people_type(raw, expected):
    assert phone_normalize(raw) == expected


@pytest.mark.parametrize("raw", ["12800138000", "1380013800", "010-12345678", "138001380000", "abc"])
def test_phone_normalize_refuses_what_is_not_a_mainland_mobile(raw):
    with pytest.raises(IntakeError, match="请输入正确的 11 位手机号码"):
        phone_normalize(raw)


@pytest.mark.django_db
def test_too_short_content_is_refused(workstation, category):
    with pytest.raises(IntakeError, match="至少 10 个字"):
        petition_submit(workstation=workstation, data=_data(category, content="太吵了"))
    assert Petition.objects.count() == 0


@pytest.mark.django_db
def test_same_idempotency_key_gives_the_first_petition_back(workstation, category):
    first = petition_submit(workstation=workstation, data=_data(category), idempotency_key="k-1")

    again = petition_submit(workstation=workstation, data=_data(category), idempotency_key="k-1")

    assert again.created is False
    assert again.petition.pk == first.petition.pk
    assert Petition.objects.count() == 1
    assert PetitionEvent.objects.count() == 2


@pytest.mark.django_db
def test_same_idempotency_key_with_other_content_is_refused_and_saves_nothing(workstation, category):
    # given
    first = petition_submit(workstation=workstation, data=_data(category), idempotency_key="k-1")

    # when / then
    with pytest.raises(IdempotencyKeyReused) as refused:
        petition_submit(
            workstation=workstation,
            data=_data(category, content="完全不同的内容，却用了同一个键。"),
            idempotency_key="k-1",
        )
    assert refused.value.code == "idempotency_key_reused"
    assert list(Petition.objects.values_list("pk", flat=True)) == [first.petition.pk]
    assert PetitionEvent.objects.count() == 2


@pytest.mark.django_db
def test_a_key_older_than_24_hours_is_forgotten_and_makes_a_new_petition(workstation, category):
    # given: a petition made under the key 25 hours ago
    first = petition_submit(workstation=workstation, data=_data(category), idempotency_key="k-1")
    Petition.objects.filter(pk=first.petition.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))

    # when: the same request comes with the same key
    again = petition_submit(workstation=workstation, data=_data(category), idempotency_key="k-1")

    # then: a new petition holds the key, the old one has forgotten it
    assert again.created is True
    assert again.petition.pk != first.petition.pk
    assert Petition.objects.get(idempotency_key="k-1").pk == again.petition.pk
    assert Petition.objects.get(pk=first.petition.pk).idempotency_key is None


@pytest.mark.django_db
def test_tracking_code_collision_draws_another(workstation, category, monkeypatch):
    # given: a petition holding a code, and a generator that draws that code first
    taken = factories.PetitionFactory(workstation=workstation).tracking_code
    draws = iter([taken, "ABCDEFGHJKMN"])
    monkeypatch.setattr(intake_module, "new_tracking_code", lambda: next(draws))

    # when
    result = petition_submit(workstation=workstation, data=_data(category))

    # then
    assert result.petition.tracking_code == "ABCDEFGHJKMN"
    assert Petition.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_collision_outside_a_transaction_tells_people_only_the_code_that_was_saved(
    workstation, category, liaison_officer, notifications, monkeypatch
):
    # given: no caller's transaction (as in a request: the insert is one statement of its own),
    # nobody on duty, and a generator whose first draw is already taken
    liaison_officer.email = "liaison@example.org"
    liaison_officer.save()
    taken = factories.PetitionFactory(workstation=workstation).tracking_code
    draws = iter([taken, "ABCDEFGHJKMN"])
    monkeypatch.setattr(intake_module, "new_tracking_code", lambda: next(draws))

    # when
    petition = petition_submit(workstation=workstation, data=_data(category)).petition

    # then: the refused first draw told nobody; the officer and the citizen each got the saved code once
    assert petition.tracking_code == "ABCDEFGHJKMN"
    assert sorted(n.recipient for n in notifications) == ["13800138000", "liaison@example.org"]
    assert all(petition.display_code in n.body for n in notifications)


def test_tracking_codes_are_long_random_and_readable():
    from petitions.models import new_tracking_code

    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 12 and set(code) <= set(TRACKING_ALPHABET) for code in codes)
    assert not set("01OIL") & set(TRACKING_ALPHABET)
    assert len(TRACKING_ALPHABET) ** 12 > 2**58


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_share_a_tracking_code(workstation, category, monkeypatch):
    # given: a code generator whose first 16 draws are 8 codes twice over, so that half of the
    # threads collide with another on their first insert; later draws are fresh
    lock = threading.Lock()
    codes = [f"{TRACKING_ALPHABET[i // 31]}{TRACKING_ALPHABET[i % 31]}ZZZZZZZZZZ" for i in range(200)]
    pool = [code for code in codes[:8] for _ in (0, 1)] + codes[8:]

    def draw():
        with lock:
            return pool.pop(0)

    monkeypatch.setattr(intake_module, "new_tracking_code", draw)
    threads_count = 16
    barrier = threading.Barrier(threads_count)
    errors = []

    def submit(i):
        try:
            barrier.wait()
            petition_submit(workstation=workstation, data=_data(category, content=f"第{i}件：{CONTENT}"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    # when: 16 threads submit at once, on their own PostgreSQL connections
    threads = [threading.Thread(target=submit, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then: every one got a petition, and no two share a code
    assert errors == []
    codes = list(Petition.objects.values_list("tracking_code", flat=True))
    assert len(codes) == threads_count
    assert len(set(codes)) == threads_count


@pytest.mark.django_db(transaction=True)
def test_concurrent_replays_of_one_request_make_one_petition(workstation, category):
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            results.append(petition_submit(workstation=workstation, data=_data(category), idempotency_key="tap-tap"))
        except Exception as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Petition.objects.count() == 1
    assert {r.petition.pk for r in results} == {Petition.objects.get().pk}
    assert sum(r.created for r in results) == 1
    assert PetitionEvent.objects.count() == 2


@pytest.mark.django_db
def test_join_merges_into_the_open_case_and_keeps_its_own_code(workstation, category, on_duty):
    # given: an open case
    case = petition_submit(workstation=workstation, data=_data(category)).petition

    # when: a second citizen says theirs is the same problem
    result = petition_submit(workstation=workstation, data=_data(category, citizen_phone="13900139000"), join_case=case)

    # then
    joiner = result.petition
    assert joiner.status == Status.MERGED
    assert joiner.merged_into_id == case.pk
    assert joiner.tracking_code != case.tracking_code
    assert list(case.duplicates.all()) == [joiner]
    assert [e.type for e in joiner.events.order_by("id")] == [EventType.SUBMITTED, EventType.MERGED]
    assert case.events.filter(type=EventType.JOINED).count() == 1
    from petitions.selectors import petition_citizen_phones

    assert petition_citizen_phones(petition=case) == ["13800138000", "13900139000"]


@pytest.mark.django_db
def test_joining_a_closed_case_is_refused_and_nothing_saved(workstation, category):
    case = factories.PetitionFactory(workstation=workstation, category=category, status=Status.CLOSED)

    with pytest.raises(IntakeError, match="已办结或不存在"):
        petition_submit(workstation=workstation, data=_data(category), join_case=case)

    assert Petition.objects.count() == 1
    assert PetitionEvent.objects.count() == 0


@pytest.mark.django_db
def test_offline_record_sets_channel_and_recorder(workstation, category, liaison_officer):
    result = petition_record_offline(
        workstation=workstation,
        data=_data(category, citizen_address="西流湾 3 栋"),
        channel=Channel.PHONE,
        recorded_by=liaison_officer,
    )

    petition = result.petition
    assert (petition.channel, petition.recorded_by, petition.citizen_address) == (
        Channel.PHONE,
        liaison_officer,
        "西流湾 3 栋",
    )
    assert petition.events.get(type=EventType.SUBMITTED).actor == liaison_officer


@pytest.mark.django_db
def test_offline_record_refuses_the_online_channel(workstation, category, liaison_officer):
    with pytest.raises(IntakeError):
        petition_record_offline(
            workstation=workstation, data=_data(category), channel=Channel.ONLINE, recorded_by=liaison_officer
        )
    assert Petition.objects.count() == 0


@pytest.mark.django_db
def test_rating_a_closed_case_once(workstation):
    petition = factories.PetitionFactory(workstation=workstation, status=Status.CLOSED)

    petition_rate(
        petition_id=petition.pk,
        satisfaction=Satisfaction.BASICALLY_SATISFIED,
        result_satisfaction=Satisfaction.BASICALLY_SATISFIED,
        comment="速度可以更快",
    )

    petition.refresh_from_db()
    assert (petition.satisfaction, petition.satisfaction_comment, petition.status) == (
        "basically_satisfied",
        "速度可以更快",
        Status.CLOSED,
    )
    event = petition.events.get()
    assert (event.type, event.message, event.visibility) == (
        EventType.RATED,
        "群众评价：办理过程基本满意，办理结果基本满意",
        Visibility.PUBLIC,
    )

    with pytest.raises(TransitionError, match="已经评价过了"):
        petition_rate(
            petition_id=petition.pk, satisfaction=Satisfaction.UNSATISFIED, result_satisfaction=Satisfaction.UNSATISFIED
        )
    petition.refresh_from_db()
    assert petition.satisfaction == "basically_satisfied"
    assert petition.events.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("satisfaction", "told"), [(Satisfaction.UNSATISFIED, True), (Satisfaction.SATISFIED, False)])
def test_an_unsatisfied_rating_tells_the_member_and_the_liaison_officer(
    workstation, liaison_officer, member, notifications, django_capture_on_commit_callbacks, satisfaction, told
):
    # given: a closed case of the member's; the officer has an e-mail address, the member a phone only
    liaison_officer.email = "liaison@example.org"
    liaison_officer.save()
    member.user.email = ""
    member.user.phone = ""
    member.user.save()
    member.phone = "13912345678"
    member.save()
    petition = factories.PetitionFactory(workstation=workstation, status=Status.CLOSED, assigned_member=member)

    # when: the citizen rates it (reading the page in English)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        petition_rate(petition_id=petition.pk, satisfaction=satisfaction, result_satisfaction=satisfaction)

    # then: only 不满意 is news for staff, told in the office's language with a link to the case
    if not told:
        assert notifications == []
        return
    assert sorted((n.recipient, n.channel) for n in notifications) == [
        ("13912345678", "sms"),
        ("liaison@example.org", "email"),
    ]
    assert all(f"诉求 {petition.display_code} 的群众评价为“不满意”" in n.body for n in notifications)
    assert all(f"/cases/{petition.pk}/" in n.body for n in notifications)


@pytest.mark.django_db
def test_rating_an_open_case_is_refused(workstation):
    petition = factories.PetitionFactory(workstation=workstation, status=Status.ASSIGNED)

    with pytest.raises(TransitionError, match="办结后才能评价"):
        petition_rate(
            petition_id=petition.pk, satisfaction=Satisfaction.SATISFIED, result_satisfaction=Satisfaction.SATISFIED
        )
    petition.refresh_from_db()
    assert petition.satisfaction == ""
    assert petition.events.count() == 0


def test_photo_comes_back_without_exif_or_gps():
    original = jpeg_with_gps()
    assert b"Secret Camera Model" in original

    photo = photo_clean(upload("IMG_0001.jpg", original))

    assert photo.content_type == "image/jpeg"
    assert b"Secret Camera Model" not in photo.content
    import io

    with Image.open(io.BytesIO(photo.content)) as image:
        assert dict(image.getexif()) == {}
        assert image.size == (64, 48)


def test_a_jpg_that_is_not_an_image_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        photo_clean(upload("photo.jpg", b"<html><script>alert(1)</script></html>" * 20))
    assert excinfo.value.messages == ["“photo.jpg”不是 JPEG、PNG 或 WebP 格式的图片。"]


def test_a_truncated_image_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="无法识别为图片"):
        photo_clean(upload("photo.png", png_bytes()[:60], "image/png"))


def test_an_oversized_photo_is_refused():
    from django.core.exceptions import ValidationError

    big = png_bytes() + b"\0" * (5 * 1024 * 1024)
    with pytest.raises(ValidationError, match="超过 5 MB"):
        photo_clean(upload("big.png", big, "image/png"))


def test_a_decompression_bomb_is_refused():
    from django.core.exceptions import ValidationError

    # 8000 x 6000 one-bit pixels: a small file, 48 megapixels once decoded.
    with pytest.raises(ValidationError, match="尺寸过大"):
        photo_clean(upload("bomb.png", png_bytes(size=(8000, 6000), mode="1"), "image/png"))


@pytest.mark.django_db
def test_photos_are_stored_under_random_names(workstation, category):
    photo = photo_clean(upload("张三家门口.jpg", jpeg_with_gps()))

    petition_submit(workstation=workstation, data=_data(category, photos=[photo]))

    stored = PetitionPhoto.objects.get()
    assert "张三" not in stored.image.name
    assert stored.image.name.endswith(".jpg")
    assert b"Secret Camera Model" not in stored.image.read()


def test_similarity_finds_the_same_problem_in_other_words():
    from petitions.selectors import text_bigrams, text_similarity

    same = text_similarity(text_bigrams(CONTENT), text_bigrams("河堤广场晚上音乐声太大了，影响高三学生休息！"))
    other = text_similarity(text_bigrams(CONTENT), text_bigrams("小区路灯坏了三个月没人修，晚上很黑。"))

    assert same >= 0.35
    assert other < 0.35


@pytest.mark.django_db
def test_joiner_gets_their_own_code_by_sms(workstation, category, notifications, django_capture_on_commit_callbacks):
    case = petition_submit(workstation=workstation, data=_data(category, citizen_phone="", citizen_name="")).petition

    with django_capture_on_commit_callbacks(execute=True):
        joiner = petition_submit(
            workstation=workstation, data=_data(category, citizen_phone="13900139000"), join_case=case
        ).petition

    assert [n.recipient for n in notifications] == ["13900139000"]
    assert joiner.display_code in notifications[0].body
    assert case.display_code not in notifications[0].body
