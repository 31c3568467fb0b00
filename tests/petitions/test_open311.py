"""Open311 GeoReport v2 at /open311/v2/, tested with the spec's own example requests
(http://wiki.open311.org/GeoReport_v2): each answered with the structure the spec shows, in JSON and
in XML, through the same intake and the same public tracking as the QR-code form and /track/."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from accounts import services as account_services
from petitions.choices import Outcome, Status
from petitions.models import Petition
from petitions.services import IntakeData, petition_submit
from tests import factories
from tests.petitions.conftest import CONTENT

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
FORM = "application/x-www-form-urlencoded; charset=utf-8"

# The keys of the spec's example responses, in its order.
SERVICE_KEYS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
ATTRIBUTE_KEYS = [
    "variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"
]  # fmt: skip
REQUEST_KEYS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
]  # fmt: skip

SECRETS = ["王小明", "13800138000", "138****8000", "西流湾小区", "河堤广场", "音乐声", "内部备注"]

# The spec's example POST, as it is written there.
SPEC_POST = (
    "api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043"
    "&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456"
    "&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street"
    "&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg"
    "&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001"
)


def _xml(response):
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 - our own response, not untrusted input


def _children(element):
    return [child.tag for child in element]


def _form(**fields):
    from urllib.parse import urlencode

    return urlencode(fields)


def _post(client, body, *, fmt="json", **extra):
    return client.post(f"{BASE}/requests.{fmt}", data=body, content_type=FORM, **extra)


@pytest.fixture
def token(office_staff, liaison_officer):
    """A token of the workstation's liaison officer (who sees the workstation's cases)."""
    return account_services.api_token_issue(
        actor=office_staff, user=liaison_officer, client_name="市民通小程序", days=30
    ).token


def _citizen_post(workstation, category, **overrides):
    fields = {
        "service_code": category.code,
        "attribute[WORKSTATION]": workstation.code,
        "address_string": "河堤广场",
        "first_name": "小明",
        "last_name": "王",
        "phone": "138 0013 8000",
        "attribute[CONSENT]": "yes",
        "description": CONTENT,
    }
    fields.update(overrides)
    return _form(**{k: v for k, v in fields.items() if v is not None})


@pytest.fixture
def tracked(workstation, category, on_duty):
    """A case with the citizen's contact data and an internal note."""
    from petitions.choices import EventType
    from petitions.events import event_write

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
    event_write(petition=petition, type=EventType.NOTE, message="内部备注", public=False)
    return petition


# --- discovery --------------------------------------------------------------------------------


def test_discovery_names_the_v2_endpoint_and_both_formats(client, settings):
    settings.PUBLIC_BASE_URL = "https://gzs.example.gov.cn"

    body = client.get(f"{BASE}/discovery.json").json()
    root = _xml(client.get(f"{BASE}/discovery.xml"))

    assert list(body) == ["changeset", "contact", "key_service", "endpoints"]
    assert body["endpoints"] == [
        {
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": "https://gzs.example.gov.cn/open311/v2",
            "changeset": body["changeset"],
            "type": "production",
            "formats": ["text/xml", "application/json"],
        }
    ]
    assert "https://gzs.example.gov.cn/accounts/tokens/" in body["key_service"]
    assert root.tag == "discovery"
    assert _children(root) == ["changeset", "contact", "key_service", "endpoints"]
    endpoint = root.find("endpoints/endpoint")
    assert [f.text for f in endpoint.find("formats")] == ["text/xml", "application/json"]
    assert endpoint.findtext("url") == "https://gzs.example.gov.cn/open311/v2"


# --- GET services -----------------------------------------------------------------------------


def test_services_are_the_active_categories_as_the_spec_lists_them(client):
    # given two active categories and a retired one
    factories.CategoryFactory(code="noise", name="噪音扰民", description="夜间施工、广场舞音响等", sort_order=1)
    factories.CategoryFactory(code="roads", name="道路交通", sort_order=2)
    factories.CategoryFactory(code="old", name="旧类别", is_active=False)

    # when a client asks the spec's sample URL (with a jurisdiction_id we may ignore)
    body = client.get(f"{BASE}/services.json?jurisdiction_id=city.gov").json()
    root = _xml(client.get(f"{BASE}/services.xml?jurisdiction_id=city.gov"))

    # then each service carries the spec's keys
    assert body == [
        {
            "service_code": "noise",
            "service_name": "噪音扰民",
            "description": "夜间施工、广场舞音响等",
            "metadata": True,
            "type": "realtime",
            "keywords": None,
            "group": None,
        },
        {
            "service_code": "roads",
            "service_name": "道路交通",
            "description": None,
            "metadata": True,
            "type": "realtime",
            "keywords": None,
            "group": None,
        },
    ]
    assert root.tag == "services"
    assert [s.tag for s in root] == ["service", "service"]
    assert _children(root[0]) == SERVICE_KEYS
    assert root[0].findtext("service_code") == "noise"
    assert root[0].findtext("metadata") == "true"
    assert root[1].findtext("description") == ""


def test_without_a_suffix_xml_is_answered_and_format_picks_json(client, category):
    assert client.get(f"{BASE}/services")["Content-Type"] == "text/xml; charset=utf-8"
    response = client.get(f"{BASE}/services?format=json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()[0]["service_code"] == "noise"


# --- GET service definition -------------------------------------------------------------------


def test_a_service_definition_asks_the_workstation_as_a_single_value_list(client, category, workstation):
    factories.WorkstationFactory(code="gone", name="已撤销工作室", is_active=False)

    body = client.get(f"{BASE}/services/noise.json?jurisdiction_id=city.gov").json()
    root = _xml(client.get(f"{BASE}/services/noise.xml"))

    assert body["service_code"] == "noise"
    workstation_attribute, consent = body["attributes"]
    assert list(workstation_attribute) == ATTRIBUTE_KEYS
    assert workstation_attribute | {"values": None} == {
        "variable": True,
        "code": "WORKSTATION",
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": None,
        "order": 1,
        "description": "向哪个委员工作室反映",
        "values": None,
    }
    assert workstation_attribute["values"] == [{"key": "xiliuwan", "name": "西流湾社区委员工作室"}]
    assert consent["code"] == "CONSENT"
    assert consent["required"] is False
    assert consent["values"] == [{"key": "yes", "name": "我同意"}]
    assert root.tag == "service_definition"
    assert _children(root) == ["service_code", "attributes"]
    attribute = root.find("attributes/attribute")
    assert _children(attribute) == ATTRIBUTE_KEYS
    assert attribute.findtext("datatype") == "singlevaluelist"
    assert attribute.findtext("datatype_description") == ""
    value = attribute.find("values/value")
    assert (value.findtext("key"), value.findtext("name")) == ("xiliuwan", "西流湾社区委员工作室")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_code_is_a_404_in_the_spec_error_body(client, fmt):
    response = client.get(f"{BASE}/services/nope.{fmt}")

    assert response.status_code == 404
    if fmt == "json":
        assert response.json() == [{"code": 404, "description": "没有这个诉求类别。"}]
    else:
        root = _xml(response)
        assert root.tag == "errors"
        assert [(e.findtext("code"), e.findtext("description")) for e in root] == [("404", "没有这个诉求类别。")]


# --- POST requests ----------------------------------------------------------------------------


def test_the_spec_example_post_with_its_made_up_api_key_is_refused_as_the_spec_shows(client, category):
    # when the spec's example request is sent as it is written (api_key=xyz is no token of ours)
    response = _post(client, SPEC_POST, fmt="xml")

    # then it gets the spec's 403 error body, and nothing is saved
    assert response.status_code == 403
    root = _xml(response)
    assert root.tag == "errors"
    assert [e.findtext("code") for e in root] == ["403"]
    assert root.findtext("error/description") == "令牌无效。"
    assert "WWW-Authenticate" not in response
    assert Petition.objects.count() == 0


def test_the_spec_example_post_with_our_codes_is_saved_through_intake(
    client, category, workstation, on_duty, token, notifications, django_capture_on_commit_callbacks
):
    # given the spec's example with our service code, our workstation, a real token as api_key and a
    # mainland mobile number (the example's 111111111 is refused below)
    body = (
        SPEC_POST.replace("api_key=xyz", f"api_key={token}")
        .replace("service_code=001", "service_code=noise")
        .replace("phone=111111111", "phone=13800138000")
        .replace("description=A+large+sinkhole+is+destroying+the+street", "description=" + CONTENT)
        + "&attribute[WORKSTATION]=xiliuwan&attribute[CONSENT]=yes"
    )

    with django_capture_on_commit_callbacks(execute=True):
        json_response = _post(client, body)
    # then the answer has the spec's keys, with the tracking code as service_request_id
    assert json_response.status_code == 201
    petition = Petition.objects.get()
    due = petition.first_response_due.strftime("%Y-%m-%d")
    assert json_response.json() == [
        {
            "service_request_id": petition.tracking_code,
            "service_notice": f"诉求已受理，将在 {due} 前首次响应。",
            "account_id": None,
        }
    ]
    # and the petition is the intake's: at the workstation, assigned to the member on duty
    assert (petition.workstation, petition.category, petition.status) == (workstation, category, Status.ASSIGNED)
    assert petition.assigned_member == on_duty
    assert petition.content == CONTENT
    assert (petition.citizen_name, petition.citizen_phone, petition.consent_given) == (
        "john smith",
        "13800138000",
        True,
    )
    assert petition.location == "1234 5th street"
    # the citizen is told the tracking code, and the member on duty is told of the case, as from the form
    assert sorted(n.recipient for n in notifications) == ["13800138000", "13912345678"]


def test_a_post_answered_in_xml_has_the_spec_shape(client, category, workstation, on_duty):
    response = _post(client, _citizen_post(workstation, category), fmt="xml")

    assert response.status_code == 201
    root = _xml(response)
    assert root.tag == "service_requests"
    assert [r.tag for r in root] == ["request"]
    assert _children(root[0]) == ["service_request_id", "service_notice", "account_id"]
    assert root.findtext("request/service_request_id") == Petition.objects.get().tracking_code
    assert root.findtext("request/account_id") == ""


def test_a_chinese_name_is_kept_family_name_first_and_lat_long_as_the_place(client, category, workstation):
    body = _citizen_post(workstation, category, address_string=None, lat="28.553", long="112.356")

    assert _post(client, body).status_code == 201

    petition = Petition.objects.get()
    assert petition.citizen_name == "王小明"
    assert petition.location == "28.553000,112.356000"


@pytest.mark.parametrize(
    ("overrides", "status", "description"),
    [
        ({"service_code": "nope"}, 404, "没有这个诉求类别。"),
        ({"service_code": None}, 400, "请提供诉求类别代码 service_code（见 services）。"),
        ({"description": None}, 400, "请填写诉求内容 description。"),
        ({"description": "太吵了"}, 400, "请把情况写得具体一些，至少 10 个字。"),
        ({"description": "吵" * 2001}, 400, "内容最多 2000 个字，请精简后再提交。"),
        ({"description": "吵" * 4001}, 400, "内容最多 2000 个字，请精简后再提交。"),
        ({"phone": "111111111"}, 400, "请输入正确的 11 位手机号码，例如 13800138000。"),
        ({"attribute[CONSENT]": None}, 400, "留下姓名或电话时，请勾选同意我们为办理诉求使用您的个人信息。"),
        ({"attribute[CONSENT]": "maybe"}, 400, "attribute[CONSENT] 只能填 yes。"),
        (
            {"attribute[WORKSTATION]": None},
            400,
            "请在 attribute[WORKSTATION] 中选择委员工作室（见该类别的 services/<service_code>）。",
        ),
        ({"attribute[WORKSTATION]": "nowhere"}, 400, "没有这个工作室。"),
        ({"lat": "28.5"}, 400, "lat 和 long 须一同提供，且为有效的经纬度。"),
        (
            {"description": CONTENT + "\u202e"},
            400,
            "“诉求内容”中含有改变文字显示方向的隐藏字符（U+202E），请删除后再提交。",
        ),
    ],
)
def test_bad_input_is_refused_with_a_friendly_error_and_nothing_saved(
    client, category, workstation, on_duty, notifications, overrides, status, description
):
    response = _post(client, _citizen_post(workstation, category, **overrides))

    assert response.status_code == status
    assert response.json() == [{"code": status, "description": description}]
    assert Petition.objects.count() == 0
    assert notifications == []


def test_an_idempotency_key_replays_the_first_answer_and_refuses_other_content(client, category, workstation):
    body = _citizen_post(workstation, category)

    first = _post(client, body, HTTP_IDEMPOTENCY_KEY="2f1c7a50-retry")
    again = _post(client, body, HTTP_IDEMPOTENCY_KEY="2f1c7a50-retry")
    other = _post(
        client, _citizen_post(workstation, category, address_string="罗溪桥头"), HTTP_IDEMPOTENCY_KEY="2f1c7a50-retry"
    )

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert other.status_code == 422
    assert other.json()[0]["code"] == 422
    assert "幂等键" in other.json()[0]["description"]
    assert Petition.objects.count() == 1


def test_submissions_share_the_forms_budget_per_address(client, category, workstation, settings):
    settings.INTAKE_RATE_PER_IP = "1/h"

    assert _post(client, _citizen_post(workstation, category)).status_code == 201
    refused = _post(client, _citizen_post(workstation, category, address_string="罗溪桥头"))

    assert refused.status_code == 429
    [error] = refused.json()
    assert error["code"] == 429
    assert error["description"].startswith("提交过于频繁，请稍后再试。如有急事，请在接待时间到工作室当面反映。")
    assert "Retry-After" in refused
    assert Petition.objects.count() == 1


def test_a_read_only_token_cannot_submit(client, category, workstation, office_staff, liaison_officer):
    read_only = account_services.api_token_issue(
        actor=office_staff, user=liaison_officer, client_name="省平台", days=30, read_only=True
    ).token

    response = _post(client, _citizen_post(workstation, category) + f"&api_key={read_only}")

    assert response.status_code == 403
    assert response.json() == [{"code": 403, "description": "该令牌为只读令牌，不能进行修改操作。"}]
    assert Petition.objects.count() == 0


# --- GET requests/<id> ------------------------------------------------------------------------


def test_a_request_shows_its_public_status_with_the_spec_keys_and_no_personal_data(client, tracked, workstation):
    code = tracked.tracking_code
    json_response = client.get(f"{BASE}/requests/{code}.json?jurisdiction_id=city.gov")
    xml_response = client.get(f"{BASE}/requests/{code}.xml")

    [body] = json_response.json()
    assert list(body) == REQUEST_KEYS
    assert body == {
        "service_request_id": code,
        "status": "open",
        "status_notes": "已分派",
        "service_name": "噪音扰民",
        "service_code": "noise",
        "description": None,
        "agency_responsible": workstation.name,
        "service_notice": None,
        "requested_datetime": timezone.localtime(tracked.created_at).replace(microsecond=0).isoformat(),
        "updated_datetime": body["updated_datetime"],
        "expected_datetime": None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
    assert body["requested_datetime"].endswith("+08:00")
    assert "no-store" in json_response["Cache-Control"]
    root = _xml(xml_response)
    assert root.tag == "service_requests"
    assert _children(root[0]) == REQUEST_KEYS
    assert root.findtext("request/status") == "open"
    for secret in SECRETS:
        assert secret not in json_response.content.decode()
        assert secret not in xml_response.content.decode()


def test_the_display_code_as_a_citizen_writes_it_finds_the_request(client, tracked):
    [body] = client.get(f"{BASE}/requests/{tracked.display_code.lower()}.json").json()
    assert body["service_request_id"] == tracked.tracking_code


def test_a_closed_case_is_closed_with_its_outcome_and_a_merged_petition_follows_its_case(client, workstation):
    closed_at = timezone.now()
    case = factories.PetitionFactory(
        workstation=workstation, status=Status.CLOSED, outcome=Outcome.SOLVED, closed_at=closed_at
    )
    joined = factories.PetitionFactory(workstation=workstation, status=Status.MERGED, merged_into=case)

    [own] = client.get(f"{BASE}/requests/{case.tracking_code}.json").json()
    [follower] = client.get(f"{BASE}/requests/{joined.tracking_code}.json").json()

    assert (own["status"], own["status_notes"]) == ("closed", "已办结 · 已解决")
    assert (follower["service_request_id"], follower["status"], follower["status_notes"]) == (
        joined.tracking_code,
        "closed",
        "已办结 · 已解决",
    )


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_request_is_a_404_in_the_spec_error_body(client, fmt):
    response = client.get(f"{BASE}/requests/NOSUCHCODE1.{fmt}")

    assert response.status_code == 404
    if fmt == "json":
        assert response.json() == [{"code": 404, "description": "没有找到这个查询码对应的诉求，请核对后重新输入。"}]
    else:
        assert _xml(response).findtext("error/code") == "404"


def test_request_lookups_share_the_tracking_pages_budget(client, tracked, settings):
    settings.TRACKING_RATE_PER_IP = "2/m"
    page = f"/track/{tracked.tracking_code}/"

    assert client.get(page).status_code == 200
    assert client.get(f"{BASE}/requests/{tracked.tracking_code}.json").status_code == 200
    refused = client.get(f"{BASE}/requests/{tracked.tracking_code}.json")

    assert refused.status_code == 429
    [error] = refused.json()
    assert error["code"] == 429
    assert error["description"].startswith("查询过于频繁，请一分钟后再试。")


# --- GET requests -----------------------------------------------------------------------------


def test_requests_by_service_request_id_list_the_known_codes_in_order(client, workstation):
    first, second = factories.PetitionFactory.create_batch(2, workstation=workstation)

    body = client.get(
        f"{BASE}/requests.json?service_request_id={second.tracking_code},NOSUCHCODE1,{first.display_code}"
        "&status=closed&start_date=2001-01-01T00:00:00Z"  # "This overrides all other arguments."
    ).json()

    assert [r["service_request_id"] for r in body] == [second.tracking_code, first.tracking_code]


def test_listing_requests_without_their_codes_needs_a_token(client, tracked):
    response = client.get(f"{BASE}/requests.json?status=open")

    assert response.status_code == 403
    assert response.json()[0]["description"].startswith("按日期、类别或状态列出诉求需要 API 令牌")
    assert tracked.tracking_code not in response.content.decode()


def test_a_token_in_the_url_is_refused_rather_than_logged(client, token):
    response = client.get(f"{BASE}/requests.json?api_key={token}")

    assert response.status_code == 403
    assert response.json() == [
        {"code": 403, "description": "请勿把 api_key 放在网址中：查询时请用请求头 Authorization: Bearer <令牌>。"}
    ]


def _at(days_ago: int, **kwargs):
    petition = factories.PetitionFactory(**kwargs)
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    Petition.objects.filter(pk=petition.pk).update(created_at=moment, updated_at=moment)
    return petition


def test_the_spec_example_query_lists_what_the_tokens_user_may_see(client, token, workstation, other_workstation):
    # given open and closed cases at the liaison officer's workstation, and one elsewhere
    roads = factories.CategoryFactory(code="roads", name="道路交通")
    open_case = _at(10, workstation=workstation)
    _at(11, workstation=workstation, status=Status.CLOSED, outcome=Outcome.SOLVED, closed_at=timezone.now())
    _at(12, workstation=other_workstation)
    old = _at(200, workstation=workstation)
    start = (timezone.now() - datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    # when the system asks the spec's sample query (a range and status=open)
    body = client.get(f"{BASE}/requests.json?start_date={start}&end_date={end}&status=open", **auth).json()
    root = _xml(client.get(f"{BASE}/requests.xml?start_date={start}&end_date={end}&status=open", **auth))

    # then it gets its workstation's open case in the spec's shape
    assert [r["service_request_id"] for r in body] == [open_case.tracking_code]
    assert list(body[0]) == REQUEST_KEYS
    assert [r.findtext("service_request_id") for r in root] == [open_case.tracking_code]
    # and by default the last 90 days, every status, newest first
    every = client.get(f"{BASE}/requests.json", **auth).json()
    assert [r["status"] for r in every] == ["open", "closed"]
    assert old.tracking_code not in {r["service_request_id"] for r in every}
    # and a service_code filter
    assert client.get(f"{BASE}/requests.json?service_code=roads,other", **auth).json() == []
    assert roads.code == "roads"
    # never with what the citizen wrote or who they are
    for secret in ("张三", "13800138000", "音乐声"):
        assert secret not in str(every)


@pytest.mark.parametrize(
    ("query", "description"),
    [
        ("status=pending", "status 只能是 open 或 closed（可用逗号分隔）。"),
        ("start_date=yesterday", "start_date 须为 W3C 日期时间，例如 2026-05-24T00:00:00+08:00。"),
        (
            "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
            "start_date 与 end_date 相隔不能超过 90 天。",
        ),
        ("start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z", "start_date 须早于 end_date。"),
    ],
)
def test_a_bad_query_is_a_400_saying_what_to_fix(client, token, query, description):
    response = client.get(f"{BASE}/requests.json?{query}", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": description}]


def test_an_offset_sent_unescaped_in_the_query_string_is_read_as_meant(client, token, workstation):
    case = _at(1, workstation=workstation)
    start = (timezone.localtime() - datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S+08:00")

    body = client.get(f"{BASE}/requests.json?start_date={start}", HTTP_AUTHORIZATION=f"Bearer {token}").json()

    assert [r["service_request_id"] for r in body] == [case.tracking_code]


@pytest.mark.parametrize("rows", [2, 20])
def test_listing_requests_costs_the_same_queries_for_2_and_20_rows(
    client, token, workstation, rows, django_assert_num_queries
):
    cases = [_at(1, workstation=workstation) for _ in range(rows)]
    factories.PetitionFactory(workstation=workstation, status=Status.MERGED, merged_into=cases[0])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.get(f"{BASE}/requests.json", **auth)  # the token's last use is written once a minute

    # the token (with its user), the lockout (user, address), the user's permissions (user, groups)
    # and member row that visibility asks, the rows (with their case, workstation and category)
    with django_assert_num_queries(7):
        body = client.get(f"{BASE}/requests.json", **auth).json()

    assert len(body) == rows + 1


@pytest.mark.parametrize("rows", [2, 20])
def test_requests_by_codes_cost_one_query_for_2_and_20_codes(client, workstation, rows, django_assert_num_queries):
    codes = ",".join(p.tracking_code for p in factories.PetitionFactory.create_batch(rows, workstation=workstation))

    with django_assert_num_queries(1):
        body = client.get(f"{BASE}/requests.json?service_request_id={codes}").json()

    assert len(body) == rows


def test_errors_speak_the_requests_language(client, category, workstation):
    response = _post(client, _citizen_post(workstation, category, description=None), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "Please describe the problem in description."}]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_no_get_shows_the_citizen_what_they_wrote_or_the_internal_note(client, tracked, token, fmt):
    code = tracked.tracking_code
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    responses = [
        client.get(f"{BASE}/requests/{code}.{fmt}"),
        client.get(f"{BASE}/requests.{fmt}?service_request_id={code}"),
        client.get(f"{BASE}/requests.{fmt}", **auth),  # the liaison officer's token: the case is theirs
        client.get(f"{BASE}/services.{fmt}"),
        client.get(f"{BASE}/services/noise.{fmt}"),
    ]

    assert [r.status_code for r in responses] == [200] * 5
    assert code in responses[2].content.decode()
    for response in responses:
        for secret in SECRETS:
            assert secret not in response.content.decode()


def test_a_request_by_id_costs_one_query(client, tracked, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(f"{BASE}/requests/{tracked.tracking_code}.json")

    assert response.status_code == 200


def test_a_json_body_with_an_attribute_object_is_read_too(client, category, workstation):
    body = {
        "service_code": "noise",
        "description": CONTENT,
        "attribute": {"WORKSTATION": workstation.code},
    }

    response = client.post(f"{BASE}/requests.json", data=body, content_type="application/json")

    assert response.status_code == 201
    assert Petition.objects.get().workstation == workstation


def test_the_openapi_document_lists_every_open311_method_under_its_tag():
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)

    operations = {
        (path, method): operation
        for path, methods in document["paths"].items()
        if path.startswith("/open311/")
        for method, operation in methods.items()
    }
    assert sorted(operations) == [
        ("/open311/v2/discovery", "get"),
        ("/open311/v2/requests", "get"),
        ("/open311/v2/requests", "post"),
        ("/open311/v2/requests/{service_request_id}", "get"),
        ("/open311/v2/services", "get"),
        ("/open311/v2/services/{service_code}", "get"),
    ]
    assert {tag for operation in operations.values() for tag in operation["tags"]} == {"open311"}
    created = operations[("/open311/v2/requests", "post")]["responses"]
    assert sorted(created) == ["201", "400", "403", "404", "422", "429"]
    assert sorted(created["201"]["content"]) == ["application/json", "text/xml"]


@pytest.mark.parametrize("path", ["requests.csv", "nothing-here", "services/a%2Fb.json", "requests/%C2%84.json"])
def test_an_unknown_path_is_a_404_in_the_spec_error_body(client, path):
    response = client.get(f"{BASE}/{path}", HTTP_ACCEPT="application/json")

    assert response.status_code == 404
    assert response.json()[0]["code"] == 404
