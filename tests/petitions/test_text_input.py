"""The text rule (common/text.py) on both ways in, the citizen's HTML form and the API: the same
characters refused with the same message naming the field, nothing saved; ordinary text kept exactly."""

import json
import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from petitions.choices import EventType, Status
from petitions.models import Petition, PetitionEvent
from tests import factories
from tests.petitions.conftest import CONTENT

API = "/api/v1/petitions/"
FORM_CONTENT = "发生了什么，或您有什么建议"

REFUSED = [
    # (field, text, form label, API label, message after the label)
    pytest.param(
        "content", CONTENT + "\x07", FORM_CONTENT, "诉求内容", "中含有不可见的控制字符（U+0007），请删除后再提交。",
        id="control in content",
    ),
    pytest.param(
        "content", "河堤广场\x00" + CONTENT, FORM_CONTENT, "诉求内容",
        "中含有不可见的控制字符（U+0000），请删除后再提交。",
        id="NUL in content",
    ),
    pytest.param(
        "content", "看这里\u202e" + CONTENT, FORM_CONTENT, "诉求内容",
        "中含有改变文字显示方向的隐藏字符（U+202E），请删除后再提交。", id="RLO in content",
    ),
    pytest.param(
        "citizen_name", "王\u2067小明", "您的姓名（选填）", "姓名",
        "中含有改变文字显示方向的隐藏字符（U+2067），请删除后再提交。", id="RLI in name",
    ),
    pytest.param(
        "citizen_name", "王\n小明", "您的姓名（选填）", "姓名", "只能填写一行，请删除其中的换行或制表符。",
        id="line break in name",
    ),
    pytest.param(
        "location", "河堤\t广场", "发生地点（选填）", "发生地点", "只能填写一行，请删除其中的换行或制表符。",
        id="tab in location",
    ),
    pytest.param(
        "content", CONTENT + "\ufffd", FORM_CONTENT, "诉求内容",
        "中含有无法识别的字符（U+FFFD），可能是复制时文字已损坏，请删除后重新输入。", id="replacement character",
    ),
]  # fmt: skip


def _form_key(client, workstation):
    page = client.get(reverse("petitions:submit", kwargs={"code": workstation.code})).content.decode()
    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


def _form_body(workstation, category, key, **overrides) -> dict:
    data = {
        "category": category.pk,
        "content": CONTENT,
        "location": "河堤广场",
        "citizen_name": "王小明",
        "citizen_phone": "13800138000",
        "consent_given": "on",
        "website": "",
        "idempotency_key": key,
    }
    return {**data, **overrides}


def _api_body(workstation, category, **overrides) -> dict:
    data = {
        "workstation": workstation.code,
        "category": category.code,
        "content": CONTENT,
        "location": "河堤广场",
        "citizen_name": "王小明",
        "citizen_phone": "13800138000",
        "consent_given": True,
    }
    return {**data, **overrides}


def _nothing_saved():
    assert Petition.objects.count() == 0
    assert PetitionEvent.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "text", "form_label", "api_label", "message"), REFUSED)
def test_the_form_refuses_it_naming_the_field(
    client, workstation, category, field, text, form_label, api_label, message
):
    key = _form_key(client, workstation)

    response = client.post(
        reverse("petitions:submit", kwargs={"code": workstation.code}),
        _form_body(workstation, category, key, **{field: text}),
    )

    assert response.status_code == 400
    assert f"“{form_label}”{message}" in response.content.decode()
    _nothing_saved()


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "text", "form_label", "api_label", "message"), REFUSED)
def test_the_api_refuses_it_naming_the_field(
    client, workstation, category, field, text, form_label, api_label, message
):
    response = client.post(API, _api_body(workstation, category, **{field: text}), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["fields"] == {field: [f"“{api_label}”{message}"]}
    _nothing_saved()


@pytest.mark.django_db
def test_a_lone_surrogate_is_refused_by_the_api(client, workstation, category):
    # given JSON with a \ud800 escape: valid JSON, but no character
    body = json.dumps(_api_body(workstation, category, content=CONTENT + "\ud800"))
    assert "\\ud800" in body

    response = client.post(API, body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "content": ["“诉求内容”中含有无法识别的字符（U+D800），可能是复制时文字已损坏，请删除后重新输入。"]
    }
    _nothing_saved()


@pytest.mark.django_db
def test_a_lone_surrogate_is_refused_by_the_form(client, workstation, category):
    # given the UTF-8-style bytes of U+D800 in a form post: Django decodes them to U+FFFD
    key = _form_key(client, workstation)
    fields = _form_body(workstation, category, key)
    body = "&".join(f"{name}={quote(str(value))}" for name, value in fields.items() if name != "content")
    body += "&content=" + quote(CONTENT) + "%ED%A0%80"

    response = client.post(
        reverse("petitions:submit", kwargs={"code": workstation.code}),
        body,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert (
        f"“{FORM_CONTENT}”中含有无法识别的字符（U+FFFD），可能是复制时文字已损坏，请删除后重新输入。"
        in response.content.decode()
    )
    _nothing_saved()


ROUND_TRIP = {
    "content": "一家人👨‍👩‍👧来反映：河堤广场𠀀𪚥晚上太吵，Café e\u0301，ئۇيغۇرچە\u200f 123。\n第二行\t缩进",
    "location": "河堤广场👍🏽𠀁",
    "citizen_name": "王\u0301小明𠀀",
}


@pytest.mark.django_db
def test_ordinary_text_round_trips_exactly_through_the_api(client, workstation, category):
    response = client.post(API, _api_body(workstation, category, **ROUND_TRIP), content_type="application/json")

    assert response.status_code == 201
    petition = Petition.objects.get()
    assert (petition.content, petition.location, petition.citizen_name) == tuple(ROUND_TRIP.values())


@pytest.mark.django_db
def test_ordinary_text_round_trips_exactly_through_the_form(client, workstation, category):
    key = _form_key(client, workstation)
    # a browser sends a textarea's line breaks as CRLF; intake stores them as LF
    sent = {**ROUND_TRIP, "content": ROUND_TRIP["content"].replace("\n", "\r\n")}

    response = client.post(
        reverse("petitions:submit", kwargs={"code": workstation.code}), _form_body(workstation, category, key, **sent)
    )

    assert response.status_code == 302
    petition = Petition.objects.get()
    assert (petition.content, petition.location, petition.citizen_name) == tuple(ROUND_TRIP.values())


# --- staff free text: the reply to the citizen and the internal note --------------------------------
@pytest.fixture
def assigned_case(workstation, member):
    return factories.PetitionFactory(workstation=workstation, assigned_member=member, status=Status.ASSIGNED)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        (
            "note",
            {"text": "内部\u202e备注"},
            "“内部备注”中含有改变文字显示方向的隐藏字符（U+202E），请删除后再提交。",
        ),
        ("reply", {"message": "请到\x1b窗口办理。"}, "“答复群众”中含有不可见的控制字符（U+001B），请删除后再提交。"),
        (
            "reply",
            {"message": "请到窗口办理。", "policy": "第一条\n第二条"},
            "“政策依据”只能填写一行，请删除其中的换行或制表符。",
        ),
    ],
)
def test_staff_free_text_follows_the_same_rule(client, member, assigned_case, action, data, message):
    client.force_login(member.user)
    events_before = list(assigned_case.events.values_list("type", flat=True))

    response = client.post(reverse(f"casework:case_{action}", args=[assigned_case.pk]), data, follow=True)

    assert [str(m) for m in response.context["messages"]] == [message]
    assigned_case.refresh_from_db()
    assert assigned_case.status == Status.ASSIGNED
    assert list(assigned_case.events.values_list("type", flat=True)) == events_before
    assert not assigned_case.events.filter(type__in=[EventType.NOTE, EventType.REPLIED]).exists()


@pytest.mark.django_db
def test_a_note_with_ordinary_text_is_kept_exactly(client, member, assigned_case):
    client.force_login(member.user)
    text = "已电话联系👨‍👩‍👧，𠀀 Café e\u0301\n下周回访"

    client.post(reverse("casework:case_note", args=[assigned_case.pk]), {"text": text.replace("\n", "\r\n")})

    note = assigned_case.events.get(type=EventType.NOTE)
    assert note.message.replace("\r\n", "\n") == text
