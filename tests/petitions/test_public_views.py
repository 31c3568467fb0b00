import datetime
import os
import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from members.models import Sector
from petitions.choices import EventType, Status
from petitions.models import Petition, PetitionEvent
from petitions.services import IntakeData, petition_submit
from tests import factories
from tests.petitions.conftest import CONTENT, form_key_stored, jpeg_with_gps, png_bytes, upload


def _form_fields(client, workstation):
    response = client.get(reverse("petitions:submit", kwargs={"code": workstation.code}))
    key = re.search(r'name="idempotency_key" value="([^"]+)"', response.content.decode()).group(1)
    return response, key


def _post(client, workstation, key, **overrides):
    data = {
        "category": overrides.pop("category"),
        "content": CONTENT,
        "location": "河堤广场",
        "citizen_name": "王小明",
        "citizen_phone": "13800138000",
        "consent_given": "on",
        "website": "",
        "idempotency_key": key,
    }
    data.update(overrides)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(reverse("petitions:submit", kwargs={"code": workstation.code}), data, **{})


@pytest.mark.django_db
def test_form_page_has_csrf_honeypot_and_no_store(client, workstation, category):
    response, key = _form_fields(client, workstation)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'class="hp-field"' in html
    assert 'name="website"' in html
    assert len(key) >= 32
    assert "no-store" in response["Cache-Control"]
    assert f'<option value="{category.pk}">噪音扰民</option>' in html


@pytest.mark.django_db
def test_submit_redirects_to_confirmation_with_the_tracking_code(client, workstation, category, on_duty):
    _response, key = _form_fields(client, workstation)

    response = _post(client, workstation, key, category=category.pk)

    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:submit_done", kwargs={"code": workstation.code})
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    assert f'<p class="tracking-code" id="tracking-code">{petition.display_code}</p>' in done.content.decode()
    assert petition.citizen_name == "王小明"
    assert petition.status == Status.ASSIGNED


@pytest.mark.django_db
def test_confirmation_without_a_submission_goes_back_to_the_form(client, workstation):
    response = client.get(reverse("petitions:submit_done", kwargs={"code": workstation.code}))
    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:submit", kwargs={"code": workstation.code})


@pytest.mark.django_db
def test_double_tap_makes_one_petition(client, workstation, category):
    _response, key = _form_fields(client, workstation)

    first = _post(client, workstation, key, category=category.pk)
    second = _post(client, workstation, key, category=category.pk)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Petition.objects.count() == 1
    assert PetitionEvent.objects.filter(type=EventType.SUBMITTED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_submission_costs_one_lookup_and_one_insert(client, workstation, category, on_duty):
    # given: a first submission has warmed the per-process caches (workstation, duty, calendar)
    _response, key = _form_fields(client, workstation)
    _post(client, workstation, key, category=category.pk)
    _response, key = _form_fields(client, workstation)

    # when
    with CaptureQueriesContext(connection) as queries:
        response = _post(client, workstation, key, category=category.pk, content="小区门口的路灯坏了一个多月，晚上很黑")

    # then: the replay/similar-case lookup, then the petition and its events in one statement, then
    # the member on duty's in-app notification (issue 14: told at once; its SMS is the backend's)
    assert response.status_code == 302
    assert len(queries) == 3, [q["sql"][:80] for q in queries]
    assert queries[1]["sql"].startswith('WITH parent AS (INSERT INTO "petitions_petition"')
    assert queries[2]["sql"].startswith('INSERT INTO "accounts_staffnotification"')
    assert Petition.objects.get(content__startswith="小区门口").events.count() == 2


@pytest.mark.django_db
def test_a_double_tap_is_not_offered_its_own_petition_as_a_similar_case(client, workstation, category):
    # given: the first tap saved the petition (an open case in the same category, the same text)
    _response, key = _form_fields(client, workstation)
    first = _post(client, workstation, key, category=category.pk)

    # when: the second tap arrives
    second = _post(client, workstation, key, category=category.pk)

    # then: it lands on the confirmation like the first, not on the "similar cases" page
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Petition.objects.count() == 1


@pytest.mark.django_db
def test_honeypot_saves_nothing(client, workstation, category):
    _response, key = _form_fields(client, workstation)

    response = _post(client, workstation, key, category=category.pk, website="http://spam.example")

    assert response.status_code == 400
    assert "提交未成功，请重新填写。" in response.content.decode()
    assert Petition.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"citizen_phone": "12345"}, "请输入正确的 11 位手机号码，例如 13800138000。"),
        ({"consent_given": None}, "留下姓名或电话时，请勾选同意我们为办理诉求使用您的个人信息。"),
        ({"content": "太吵了"}, "请把情况写得具体一些，至少 10 个字。"),
        ({"content": "吵" * 2001}, "内容最多 2000 个字，请精简后再提交。"),
        ({"content": ""}, "请写下您反映的问题或建议。"),
        ({"category": ""}, "请选择诉求类别。"),
        ({"citizen_name": "名" * 51}, "姓名最多 50 个字。"),
    ],
)
@pytest.mark.django_db
def test_bad_input_gets_a_chinese_message_and_saves_nothing(client, workstation, category, overrides, message):
    _response, key = _form_fields(client, workstation)
    overrides.setdefault("category", category.pk)

    response = _post(client, workstation, key, **overrides)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Petition.objects.count() == 0
    assert PetitionEvent.objects.count() == 0


@pytest.mark.django_db
def test_a_jpg_that_is_not_an_image_is_refused_on_the_form(client, workstation, category):
    _response, key = _form_fields(client, workstation)

    response = _post(
        client, workstation, key, category=category.pk, photos=[upload("a.jpg", b"%PDF-1.4 not an image" * 30)]
    )

    assert response.status_code == 400
    assert "“a.jpg”不是 JPEG、PNG 或 WebP 格式的图片。" in response.content.decode()
    assert Petition.objects.count() == 0


@pytest.mark.django_db
def test_more_than_three_photos_are_refused(client, workstation, category):
    _response, key = _form_fields(client, workstation)
    photos = [upload(f"{i}.jpg", jpeg_with_gps()) for i in range(4)]

    response = _post(client, workstation, key, category=category.pk, photos=photos)

    assert response.status_code == 400
    assert "最多上传 3 张照片。" in response.content.decode()
    assert Petition.objects.count() == 0


@pytest.mark.django_db
def test_photos_upload_and_come_back_without_exif(client, workstation, category):
    _response, key = _form_fields(client, workstation)

    response = _post(client, workstation, key, category=category.pk, photos=[upload("x.jpg", jpeg_with_gps())])

    assert response.status_code == 302
    photo = Petition.objects.get().photos.get()
    assert b"Secret Camera Model" not in photo.image.read()
    assert b"Exif" not in photo.image.read()


SIMILAR = "河堤广场晚上音乐声太大了，影响高三学生休息！"


def _held_files(settings):
    held = settings.MEDIA_ROOT / "intake-held"
    return sorted(held.iterdir()) if held.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["new", "join"])
def test_photos_are_kept_while_the_citizen_looks_at_similar_cases(client, settings, workstation, category, choice):
    # given: an open case about the same noise, and a citizen attaching a photo with GPS data
    factories.PetitionFactory(workstation=workstation, category=category, content=CONTENT)
    _response, key = _form_fields(client, workstation)
    shown = _post(
        client, workstation, key, category=category.pk, content=SIMILAR, photos=[upload("x.jpg", jpeg_with_gps())]
    )
    html = shown.content.decode()
    assert 'id="similar-cases"' in html
    assert "您的 1 张照片已保留" in html
    held = re.search(r'name="held_photos" value="([^"]+)"', html).group(1)
    assert len(_held_files(settings)) == 1

    # when: they go on (a new petition) or join the case, without picking the photo again
    extra = (
        {"decision": "new"} if choice == "new" else {"join": re.search(r'name="join" value="([^"]+)"', html).group(1)}
    )
    response = _post(client, workstation, key, category=category.pk, content=SIMILAR, held_photos=held, **extra)

    # then: their petition has the photo, still without EXIF, and the held copy is gone
    assert response.status_code == 302
    petition = Petition.objects.get(idempotency_key=form_key_stored(key, workstation))
    image = petition.photos.get().image.read()
    assert image.startswith(b"\xff\xd8")
    assert b"Secret Camera Model" not in image
    assert _held_files(settings) == []


@pytest.mark.django_db
def test_a_forged_held_photos_token_attaches_nothing(client, settings, workstation, category):
    _response, key = _form_fields(client, workstation)

    response = _post(client, workstation, key, category=category.pk, held_photos="intake-held/../../secret.jpg")

    assert response.status_code == 302
    assert Petition.objects.get().photos.count() == 0


@pytest.mark.django_db
def test_held_photos_past_their_hour_ask_for_the_photos_again(client, settings, workstation, category, time_machine):
    # given: a photo held on the similar-cases page more than an hour ago
    time_machine.move_to(timezone.now(), tick=True)
    factories.PetitionFactory(workstation=workstation, category=category, content=CONTENT)
    _response, key = _form_fields(client, workstation)
    shown = _post(
        client, workstation, key, category=category.pk, content=SIMILAR, photos=[upload("x.jpg", jpeg_with_gps())]
    )
    held = re.search(r'name="held_photos" value="([^"]+)"', shown.content.decode()).group(1)
    time_machine.shift(datetime.timedelta(minutes=61))

    # when
    response = _post(client, workstation, key, category=category.pk, content=SIMILAR, held_photos=held, decision="new")

    # then: a clear message, and nothing saved
    assert response.status_code == 400
    assert "保留的照片已过期，请重新选择照片。" in response.content.decode()
    assert Petition.objects.count() == 1


@pytest.mark.django_db
def test_the_sweep_deletes_held_photos_nobody_came_back_for(settings):
    from petitions.services.photos import CleanPhoto, photos_held_sweep, photos_hold

    photo = CleanPhoto(content=png_bytes(), content_type="image/png", extension="png", width=32, height=32)
    photos_hold([photo])
    assert photos_held_sweep() == 0  # fresh: the citizen may still come back

    # given: the held file is three hours old
    (abandoned,) = _held_files(settings)
    three_hours_ago = time.time() - 3 * 3600
    os.utime(abandoned, (three_hours_ago, three_hours_ago))
    photos_hold([photo])

    assert photos_held_sweep() == 1
    assert abandoned not in _held_files(settings)
    assert len(_held_files(settings)) == 1


@pytest.mark.django_db
def test_similar_open_case_is_offered_before_saving(client, workstation, category):
    # given: an open case about the same noise
    case = factories.PetitionFactory(workstation=workstation, category=category, content=CONTENT)
    _response, key = _form_fields(client, workstation)

    # when: a citizen submits nearly the same text
    response = _post(
        client, workstation, key, category=category.pk, content="河堤广场晚上音乐声太大了，影响高三学生休息！"
    )

    # then: they see the case first, and nothing is saved yet
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="similar-cases"' in html
    assert case.content[:20] in html
    assert case.citizen_name not in html
    assert Petition.objects.count() == 1
    token = re.search(r'name="join" value="([^"]+)"', html).group(1)

    # when: they join it
    response = _post(client, workstation, key, category=category.pk, join=token)

    # then
    assert response.status_code == 302
    joiner = Petition.objects.exclude(pk=case.pk).get()
    assert (joiner.status, joiner.merged_into_id) == (Status.MERGED, case.pk)


@pytest.mark.django_db
def test_not_the_same_problem_goes_on_to_a_new_case(client, workstation, category):
    factories.PetitionFactory(workstation=workstation, category=category, content=CONTENT)
    _response, key = _form_fields(client, workstation)

    response = _post(client, workstation, key, category=category.pk, decision="new")

    assert response.status_code == 302
    assert Petition.objects.filter(status=Status.RECEIVED, merged_into=None).count() == 2


@pytest.mark.django_db
def test_unrelated_or_other_category_cases_are_not_offered(client, workstation, category):
    factories.PetitionFactory(
        workstation=workstation, category=category, content="小区路灯坏了三个月没人修，晚上很黑。"
    )
    factories.PetitionFactory(workstation=workstation, content=CONTENT)  # another category
    _response, key = _form_fields(client, workstation)

    response = _post(client, workstation, key, category=category.pk)

    assert response.status_code == 302


@pytest.mark.django_db
def test_forged_join_token_is_refused(client, workstation, category):
    _response, key = _form_fields(client, workstation)

    response = _post(client, workstation, key, category=category.pk, join="1:forged")

    assert response.status_code == 400
    assert "您选择的诉求已办结或不存在，请直接提交新的诉求。" in response.content.decode()
    assert Petition.objects.count() == 0


@pytest.mark.django_db
def test_csrf_is_enforced_on_the_public_form(workstation, category):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("petitions:submit", kwargs={"code": workstation.code}),
        {"category": category.pk, "content": CONTENT, "idempotency_key": "k"},
    )
    assert response.status_code == 403
    assert Petition.objects.count() == 0


@pytest.mark.django_db
def test_unknown_workstation_is_404(client):
    assert client.get("/w/nowhere/submit/").status_code == 404


# --- rate limits ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rate_limit_per_ip_triggers_and_says_so(client, workstation, category, settings):
    settings.INTAKE_RATE_PER_IP = "2/h"
    for i in range(2):
        _r, key = _form_fields(client, workstation)
        response = _post(client, workstation, key, category=category.pk, citizen_phone=f"1380013800{i}", decision="new")
        assert response.status_code == 302

    _r, key = _form_fields(client, workstation)
    response = _post(client, workstation, key, category=category.pk, citizen_phone="13800138009", decision="new")

    assert response.status_code == 429
    assert "提交过于频繁，请稍后再试。" in response.content.decode()
    assert Petition.objects.count() == 2


@pytest.mark.django_db
def test_forged_x_forwarded_for_does_not_reset_the_ip_limit(client, workstation, category, settings):
    settings.INTAKE_RATE_PER_IP = "1/h"
    settings.TRUSTED_PROXY_COUNT = 0
    _r, key = _form_fields(client, workstation)
    assert _post(client, workstation, key, category=category.pk).status_code == 302

    _r, key = _form_fields(client, workstation)
    response = client.post(
        reverse("petitions:submit", kwargs={"code": workstation.code}),
        {"category": category.pk, "content": CONTENT, "idempotency_key": key, "decision": "new"},
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )

    assert response.status_code == 429
    assert Petition.objects.count() == 1


@pytest.mark.django_db
def test_rate_limit_per_phone_holds_across_addresses(client, workstation, category, settings):
    settings.INTAKE_RATE_PER_PHONE = "2/h"
    for i in range(2):
        _r, key = _form_fields(client, workstation)
        response = client.post(
            reverse("petitions:submit", kwargs={"code": workstation.code}),
            {
                "category": category.pk,
                "content": f"{CONTENT}{i}",
                "citizen_phone": "13800138000",
                "consent_given": "on",
                "idempotency_key": key,
                "decision": "new",
            },
            REMOTE_ADDR=f"198.51.100.{i}",
        )
        assert response.status_code == 302

    _r, key = _form_fields(client, workstation)
    response = client.post(
        reverse("petitions:submit", kwargs={"code": workstation.code}),
        {
            "category": category.pk,
            "content": CONTENT,
            "citizen_phone": "138 0013 8000",
            "consent_given": "on",
            "idempotency_key": key,
            "decision": "new",
        },
        REMOTE_ADDR="198.51.100.77",
    )

    assert response.status_code == 429
    assert "这个手机号码提交得太频繁了，请一小时后再试。" in response.content.decode()
    assert Petition.objects.count() == 2


# --- tracking -------------------------------------------------------------------------------------


@pytest.fixture
def tracked(workstation, category, on_duty):
    """A case with personal data and an internal note on its timeline."""
    petition = petition_submit(
        workstation=workstation,
        data=IntakeData(
            content=CONTENT,
            category=category,
            location="河堤广场",
            citizen_name="王小明",
            citizen_phone="13800138000",
            citizen_address="西流湾小区 5 栋 302",
            consent_given=True,
        ),
    ).petition
    from petitions.events import event_write

    event_write(petition=petition, type=EventType.NOTE, message="内部备注：当事人情绪激动", public=False)
    return petition


@pytest.mark.django_db
def test_tracking_page_shows_the_case_and_none_of_the_personal_data(client, tracked, on_duty):
    response = client.get(reverse("petitions:track_detail", kwargs={"code": tracked.tracking_code}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert '<dd class="col-8 fw-bold" id="case-status">已分派</dd>' in html
    assert '<dd class="col-8" id="case-member">经济界委员</dd>' in html
    assert "已分派给值班委员（经济界）办理。" in html
    for secret in [
        "王小明",
        "13800138000",
        "138****8000",
        "西流湾小区",
        "内部备注",
        "当事人情绪激动",
        "李值班",
        "13912345678",
    ]:
        assert secret not in html
    # nor the content itself, which may name people
    assert CONTENT not in html


@pytest.mark.django_db
def test_tracking_code_is_read_back_however_typed(client, tracked):
    typed = tracked.display_code.lower().replace("-", " ")

    response = client.post(reverse("petitions:track"), {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:track_detail", kwargs={"code": tracked.tracking_code})


@pytest.mark.django_db
def test_unknown_and_malformed_codes_get_the_identical_answer(client, tracked):
    unknown = client.get(reverse("petitions:track_detail", kwargs={"code": "ABCDEFGHJKMN"}))
    malformed = client.get(reverse("petitions:track_detail", kwargs={"code": "0OIL"}))

    assert unknown.status_code == malformed.status_code == 404
    # Only the CSRF token and the language switch's return address (the URL typed) differ.
    strip_csrf = re.compile(r'name="(csrfmiddlewaretoken|next)" (type="hidden" )?value="[^"]+"')
    assert strip_csrf.sub("", unknown.content.decode()) == strip_csrf.sub("", malformed.content.decode())
    assert "没有找到这个查询码对应的诉求，请核对后重新输入。" in unknown.content.decode()


@pytest.mark.django_db
def test_tracking_lookups_are_throttled(client, tracked, settings):
    settings.TRACKING_RATE_PER_IP = "3/m"
    for _ in range(3):
        assert client.get(reverse("petitions:track_detail", kwargs={"code": "ABCDEFGHJKMN"})).status_code == 404

    response = client.get(reverse("petitions:track_detail", kwargs={"code": tracked.tracking_code}))

    assert response.status_code == 429
    assert "查询过于频繁，请一分钟后再试。" in response.content.decode()


def _add_public_events(petition, n):
    from petitions.events import event_write

    for i in range(n):
        event_write(petition=petition, type=EventType.REPLIED, message=f"答复{i}", public=True)


@pytest.mark.parametrize("events", [2, 20])
@pytest.mark.django_db
def test_tracking_page_query_count_does_not_grow_with_the_timeline(client, tracked, events, django_assert_num_queries):
    _add_public_events(tracked, events)
    url = reverse("petitions:track_detail", kwargs={"code": tracked.tracking_code})

    # the petition with its relations, then its public events
    with django_assert_num_queries(2):
        response = client.get(url)
    assert response.content.decode().count("答复") >= events


@pytest.mark.django_db
def test_joiner_follows_the_surviving_case(client, tracked, workstation, category):
    joiner = petition_submit(
        workstation=workstation, data=IntakeData(content=CONTENT, category=category), join_case=tracked
    ).petition

    response = client.get(reverse("petitions:track_detail", kwargs={"code": joiner.tracking_code}))

    html = response.content.decode()
    assert "您反映的问题已与其他群众反映的相同问题合并办理" in html
    assert '<dd class="col-8 fw-bold" id="case-status">已分派</dd>' in html
    assert joiner.display_code in html
    assert tracked.display_code not in html


@pytest.mark.django_db
def test_closed_case_can_be_rated_once_with_one_tap(client, workstation):
    petition = factories.PetitionFactory(workstation=workstation, status=Status.CLOSED)
    url = reverse("petitions:track_detail", kwargs={"code": petition.tracking_code})
    assert 'id="rating"' in client.get(url).content.decode()

    response = client.post(
        reverse("petitions:track_rate", kwargs={"code": petition.tracking_code}),
        {"satisfaction": "satisfied", "result_satisfaction": "basically_satisfied", "comment": "谢谢委员"},
        follow=True,
    )

    html = response.content.decode()
    assert "感谢您的评价！" in html
    assert "您的评价：办理过程满意，办理结果基本满意" in html
    assert 'id="rating"' not in html
    again = client.post(
        reverse("petitions:track_rate", kwargs={"code": petition.tracking_code}),
        {"satisfaction": "unsatisfied", "result_satisfaction": "unsatisfied"},
        follow=True,
    )
    assert "该诉求已经评价过了，感谢您的反馈。" in again.content.decode()
    petition.refresh_from_db()
    assert petition.satisfaction == "satisfied"
    assert petition.events.filter(type=EventType.RATED).count() == 1


@pytest.mark.django_db
def test_open_case_shows_no_rating(client, tracked):
    html = client.get(reverse("petitions:track_detail", kwargs={"code": tracked.tracking_code})).content.decode()
    assert 'id="rating"' not in html


@pytest.mark.django_db
def test_a_category_retired_after_the_form_was_cached_is_refused(client, workstation, category, on_duty):
    # given a citizen who opened the form (the page and the category list now cached)
    _response, key = _form_fields(client, workstation)
    assert _post(client, workstation, "warm-" + key, category=category.pk).status_code == 302

    # when staff retire the category before the citizen submits
    category.is_active = False
    category.save()
    response = _post(client, workstation, key, category=category.pk)

    # then the choice is refused with the form's own message, and nothing more is saved
    assert response.status_code == 400
    assert "请选择诉求类别。" in response.content.decode()
    assert Petition.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sector", "language", "shown"),
    [
        ("中国共产党", "zh-hans", "中国共产党界别委员"),
        ("中共", "zh-hans", "中共界别委员"),
        ("经济界", "zh-hans", "经济界委员"),
        ("中国共产党", "en", "Member (中国共产党 sector)"),
        ("经济界", "en", "Member (经济界 sector)"),
    ],
)
def test_tracking_page_names_the_member_by_sector_in_words_that_read(client, tracked, on_duty, sector, language, shown):
    # given the case's member is of the sector named `sector`
    Sector.objects.filter(pk=on_duty.sector_id).update(name=sector)
    # when the citizen tracks the case in `language`
    html = client.get(
        reverse("petitions:track_detail", kwargs={"code": tracked.tracking_code}), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    translation.deactivate()
    # then the member is named by sector as a sentence would, and never by name
    assert f'<dd class="col-8" id="case-member">{shown}</dd>' in html
    assert "李值班" not in html
