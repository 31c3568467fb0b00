import pytest

from petitions.choices import Status
from petitions.models import Petition
from tests.petitions.conftest import CONTENT

URL = "/api/v1/petitions/"


def _body(ws, cat, **overrides):
    body = {
        "workstation": ws.code,
        "category": cat.code,
        "content": CONTENT,
        "citizen_name": "王小明",
        "citizen_phone": "13800138000",
        "consent_given": True,
    }
    body.update(overrides)
    return body


@pytest.mark.django_db
def test_api_submit_answers_the_tracking_code(client, workstation, category, on_duty):
    response = client.post(URL, _body(workstation, category), content_type="application/json")

    petition = Petition.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        "tracking_code": petition.tracking_code,
        "display_code": petition.display_code,
        "status": Status.ASSIGNED,
        "tracking_url": f"http://127.0.0.1:8000/track/{petition.tracking_code}/",
    }


@pytest.mark.django_db
def test_api_idempotency_key_makes_one_petition(client, workstation, category):
    first = client.post(URL, _body(workstation, category), content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc")
    again = client.post(URL, _body(workstation, category), content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc")

    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert (first.has_header("Idempotent-Replayed"), again["Idempotent-Replayed"]) == (False, "true")
    assert Petition.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"citizen_phone": "123"}, "citizen_phone", "请输入正确的 11 位手机号码，例如 13800138000。"),
        ({"consent_given": False}, "consent_given", "留下姓名或电话时，请勾选同意我们为办理诉求使用您的个人信息。"),
        ({"workstation": "nowhere"}, "workstation", "没有这个工作室。"),
        ({"status": "closed", "content": "短"}, "content", None),
    ],
)
@pytest.mark.django_db
def test_api_bad_input_is_400_with_field_errors(client, workstation, category, overrides, field, message):
    response = client.post(URL, _body(workstation, category, **overrides), content_type="application/json")

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["detail"]) == ("invalid", "提交的内容有误，请检查后重试。")
    assert field in response.json()["fields"]
    if message:
        assert response.json()["fields"][field] == [message]
    assert Petition.objects.count() == 0


@pytest.mark.django_db
def test_api_is_throttled_per_address(client, workstation, category, settings):
    settings.INTAKE_RATE_PER_IP = "1/h"
    assert client.post(URL, _body(workstation, category), content_type="application/json").status_code == 201

    response = client.post(URL, _body(workstation, category), content_type="application/json")

    assert response.status_code == 429
    assert response.json()["detail"].startswith("提交过于频繁，请稍后再试。如有急事，请在接待时间到工作室当面反映。")
    assert response["Retry-After"] == "3600"
    assert Petition.objects.count() == 1


@pytest.mark.django_db
def test_api_ignores_fields_it_does_not_take(client, workstation, category):
    response = client.post(
        URL,
        _body(workstation, category, status="closed", assigned_member=1, tracking_code="AAAAAAAAAAAA"),
        content_type="application/json",
    )

    petition = Petition.objects.get()
    assert response.status_code == 201
    assert petition.status == Status.RECEIVED
    assert petition.tracking_code != "AAAAAAAAAAAA"


SIMILAR_URL = "/api/v1/petitions/similar/"


@pytest.mark.django_db
def test_an_app_asks_for_similar_cases_and_joins_one(client, workstation, category):
    from tests import factories

    # given: an open case about the same noise, with its citizen's phone number in the text
    case = factories.PetitionFactory(
        workstation=workstation, category=category, content=CONTENT + "我的电话13912345678", citizen_name="李四"
    )
    query = {
        "workstation": workstation.code,
        "category": category.code,
        "content": "河堤广场晚上音乐声太大了，影响高三学生休息！",
    }

    # when: the app asks before submitting
    similar = client.post(SIMILAR_URL, query, content_type="application/json")

    # then: it gets the case without personal data, and a token to join it
    assert similar.status_code == 200
    (found,) = similar.json()
    assert found["excerpt"].startswith(CONTENT[:20])
    assert "13912345678" not in similar.content.decode()
    assert "李四" not in similar.content.decode()
    assert found["status"] == case.status

    # when: the citizen says it is their problem
    response = client.post(
        URL, _body(workstation, category, join_token=found["join_token"]), content_type="application/json"
    )

    # then: their petition follows that case under its own code
    assert response.status_code == 201
    joiner = Petition.objects.get(tracking_code=response.json()["tracking_code"])
    assert (joiner.status, joiner.merged_into_id) == (Status.MERGED, case.pk)


@pytest.mark.django_db
def test_a_forged_join_token_is_400_and_saves_nothing(client, workstation, category):
    response = client.post(URL, _body(workstation, category, join_token="1:forged"), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["fields"]["join_token"] == ["您选择的诉求已办结或不存在，请直接提交新的诉求。"]
    assert Petition.objects.count() == 0


@pytest.mark.django_db
def test_similar_lookups_are_throttled(client, workstation, category, settings):
    settings.TRACKING_RATE_PER_IP = "2/m"
    query = {"workstation": workstation.code, "category": category.code, "content": CONTENT}

    answers = [client.post(SIMILAR_URL, query, content_type="application/json").status_code for _ in range(3)]

    assert answers == [200, 200, 429]
