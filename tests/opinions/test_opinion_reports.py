"""社情民意信息: written from one or more cases without the citizens' personal data, exported as a
.docx in the customary layout (read back here with python-docx) and as a printable page, forwarded
to the body above with its reference number; seen by its member, the liaison officers, office staff."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from accounts.roles import Role
from opinions.choices import Status
from opinions.models import OpinionReport
from opinions.services import opinion_report_create, opinion_report_forward, text_without_personal_data
from petitions.choices import EventType
from petitions.models import CaseCoMember
from petitions.workflow import ActionNotAllowed, TransitionError
from tests import factories
from tests.workflow_helpers import assigned_petition

pytestmark = pytest.mark.django_db

TEXT = {
    "title": "关于西流湾背街小巷长期未硬化的情况反映",
    "source": "西流湾社区委员工作室 李委员（经济界）",
    "situation": "西流湾三条背街小巷多年未硬化，雨天泥泞，影响约一万居民出行。",
    "analysis": "道路权属不清，住建、城管、街道之间职责交叉。",
    "suggestions": "建议由住建局牵头，一个月内完成硬化，并明确后续养护责任。",
}


@pytest.fixture
def alley(member, workstation):
    category = factories.CategoryFactory(name="道路", code="roads")
    return assigned_petition(
        member,
        workstation,
        category=category,
        content="我叫张三，电话13800138000，住桃花仑路8号，门口小巷多年没硬化，下雨全是泥。",
        citizen_name="张三",
        citizen_phone="13800138000",
        citizen_address="桃花仑路8号",
        location="西流湾三巷",
    )


def test_the_form_is_prefilled_from_the_case_without_personal_data(client, member, alley):
    client.force_login(member.user)
    response = client.get(reverse("opinions:new"), {"cases": alley.pk})
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["title"] == "关于道路问题的情况反映"
    assert initial["source"].startswith("西流湾社区委员工作室 ")
    situation = initial["situation"]
    assert "门口小巷多年没硬化，下雨全是泥。" in situation
    assert "西流湾三巷" in situation
    for personal in ("张三", "13800138000", "桃花仑路8号"):
        assert personal not in situation
        assert personal not in response.content.decode()


def test_phone_and_id_numbers_in_the_citizens_words_are_masked(alley):
    text = "另一位邻居139-1234-5678，身份证43090219800101123X，座机0737-4221234"
    assert text_without_personal_data(text, petition=alley) == "另一位邻居***，身份证***，座机***"


def test_the_member_writes_exports_and_the_docx_reads_back(client, member, alley):
    # given a report written from the case page's link
    client.force_login(member.user)
    response = client.post(reverse("opinions:new"), {"cases": [alley.pk], **TEXT})
    report = OpinionReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("opinions:detail", args=[report.pk])
    assert (report.author, report.status, list(report.cases.all())) == (member, Status.DRAFT, [alley])

    # when the member downloads the document
    export = client.get(reverse("opinions:export", args=[report.pk]))

    # then it is a Word document in the customary layout, read back with python-docx
    assert export["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = Document(io.BytesIO(export.content))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    today = timezone.localdate()
    assert paragraphs == [
        "社情民意信息",
        TEXT["title"],
        "来源/反映人：" + TEXT["source"],
        "一、基本情况",
        TEXT["situation"],
        "二、原因分析",
        TEXT["analysis"],
        "三、意见建议",
        TEXT["suggestions"],
        f"{today.year}年{today.month}月{today.day}日",
    ]
    assert document.core_properties.title == TEXT["title"]


def test_forwarding_is_recorded_with_the_reference_number_on_both_timelines(client, member, alley, liaison_officer):
    report = opinion_report_create(user=member.user, petition_ids=[alley.pk], **TEXT)
    client.force_login(liaison_officer)
    response = client.post(
        reverse("opinions:forward", args=[report.pk]),
        {
            "receiving_body": "市政协社情民意信息室",
            "receiving_reference": "益政协社〔2026〕37号",
            "forwarded_at": "2026-12-01",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.receiving_body, report.receiving_reference, report.forwarded_at) == (
        Status.FORWARDED,
        "市政协社情民意信息室",
        "益政协社〔2026〕37号",
        datetime.date(2026, 12, 1),
    )
    assert [e.type for e in report.events.all()] == ["drafted", "forwarded"]
    case_event = alley.events.get(type=EventType.OPINION_FORWARDED)
    assert "益政协社〔2026〕37号" in case_event.message
    # the document and the printable page carry the receipt
    document = Document(io.BytesIO(client.get(reverse("opinions:export", args=[report.pk])).content))
    assert document.paragraphs[-1].text == "报送：市政协社情民意信息室　编号：益政协社〔2026〕37号"
    assert "2026年12月1日" in [p.text for p in document.paragraphs]
    page = client.get(reverse("opinions:print", args=[report.pk])).content.decode()
    assert "益政协社〔2026〕37号" in page
    assert "css/opinions.css" in page
    assert 'style="' not in page


def test_a_forwarding_without_reference_is_refused_and_changes_nothing(member, alley, liaison_officer):
    report = opinion_report_create(user=member.user, petition_ids=[alley.pk], **TEXT)
    with pytest.raises(TransitionError, match="请填写接收单位的编号。"):
        opinion_report_forward(
            user=liaison_officer, report_id=report.pk, receiving_body="市政协", receiving_reference=" "
        )
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert report.events.count() == 1


def test_a_member_may_not_forward(member, alley):
    report = opinion_report_create(user=member.user, petition_ids=[alley.pk], **TEXT)
    with pytest.raises(ActionNotAllowed):
        opinion_report_forward(user=member.user, report_id=report.pk, receiving_body="市政协", receiving_reference="1")


def test_several_cases_make_one_report_and_a_co_member_may_write_from_theirs(
    member, workstation, alley, other_workstation
):
    engineer = factories.MemberFactory(user__username="engineer", workstations=[other_workstation])
    second = assigned_petition(member, workstation, content="三巷路面积水")
    CaseCoMember.objects.create(petition=alley, member=engineer, invited_by=member.user)
    report = opinion_report_create(user=member.user, petition_ids=[alley.pk, second.pk], **TEXT)
    assert report.cases.count() == 2
    own = opinion_report_create(user=engineer.user, petition_ids=[alley.pk], **TEXT)
    assert own.author == engineer
    # but not from a case that is not theirs
    with pytest.raises(ActionNotAllowed):
        opinion_report_create(user=engineer.user, petition_ids=[second.pk], **TEXT)
    assert OpinionReport.objects.count() == 2


def test_empty_suggestions_are_refused_with_a_reason(member, alley):
    with pytest.raises(TransitionError, match="请填写意见建议。"):
        opinion_report_create(user=member.user, petition_ids=[alley.pk], **{**TEXT, "suggestions": ""})
    assert OpinionReport.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("author", 200),
        ("liaison", 200),
        ("office", 200),
        ("colleague", 404),
        ("other_liaison", 404),
        ("anonymous", 302),
    ],
)
def test_who_sees_a_report(
    client, member, workstation, other_workstation, alley, liaison_officer, office_staff, who, status
):
    report = opinion_report_create(user=member.user, petition_ids=[alley.pk], **TEXT)
    other_liaison = factories.UserFactory(username="other-liaison")
    other_workstation.liaison_officers.add(other_liaison)
    users = {
        "author": member.user,
        "liaison": liaison_officer,
        "office": office_staff,
        "colleague": factories.MemberFactory(user__username="colleague", workstations=[workstation]).user,
        "other_liaison": other_liaison,
        "anonymous": None,
    }
    if users[who] is not None:
        client.force_login(users[who])
    for name in ("detail", "export", "print"):
        assert client.get(reverse(f"opinions:{name}", args=[report.pk])).status_code == status


def test_the_list_costs_the_same_for_2_and_20_reports(client, member, alley, django_assert_max_num_queries):
    client.force_login(member.user)
    for _ in range(2):
        opinion_report_create(user=member.user, petition_ids=[alley.pk], **TEXT)
    client.get(reverse("opinions:list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        client.get(reverse("opinions:list"))
    for _ in range(18):
        opinion_report_create(user=member.user, petition_ids=[alley.pk], **TEXT)
    with django_assert_max_num_queries(len(two)):
        response = client.get(reverse("opinions:list"))
    assert response.content.decode().count(TEXT["title"]) == 20


def test_from_the_inbox_selection_several_cases_prefill_one_report(client, member, workstation, alley):
    second = assigned_petition(member, workstation, content="三巷路面积水，老人出门不便。")
    client.force_login(member.user)
    inbox = client.get(reverse("casework:inbox"), {"view": "mine"}).content.decode()
    assert 'form="opinion-selection"' in inbox
    assert 'id="opinions-link"' in inbox
    response = client.get(reverse("opinions:new"), {"cases": [alley.pk, second.pk]})
    situation = response.context["form"].initial["situation"]
    assert situation.splitlines()[0] == "近期共有 2 件群众诉求反映同类问题："
    assert "三巷路面积水，老人出门不便。" in situation
    assert "张三" not in situation


def test_the_case_page_offers_the_report_to_its_handlers_only(client, member, workstation, alley):
    client.force_login(member.user)
    assert 'id="write-opinion"' in client.get(reverse("casework:case_detail", args=[alley.pk])).content.decode()
    reviewer = factories.UserFactory(username="rev", roles=[Role.REVIEWER])
    client.force_login(reviewer)
    assert 'id="write-opinion"' not in client.get(reverse("casework:case_detail", args=[alley.pk])).content.decode()
    # and a case not theirs gives no form, nothing saved
    response = client.get(reverse("opinions:new"), {"cases": alley.pk})
    assert response.status_code == 403
    assert OpinionReport.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.MEMBER, True),
        (Role.LIAISON_OFFICER, True),
        (Role.OFFICE_STAFF, True),
        (Role.DEPARTMENT_HANDLER, False),
        (Role.REVIEWER, False),
    ],
)
def test_the_navbar_leads_to_the_reports_of_those_who_write_them(client, role, shown):
    client.force_login(factories.UserFactory(roles=[role]))

    page = client.get(reverse("accounts:profile")).content.decode()

    assert (f'href="{reverse("opinions:list")}"' in page) is shown
