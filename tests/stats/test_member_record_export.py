"""The member's record (履职档案) as sections, with co-handled cases (协办) credited, exported per
member and year as XLSX and as a printable page; seen by the member, their liaison officers and
office staff only."""

import importlib
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from opinions.services import opinion_report_create
from petitions.services.comembers import petition_co_member_invite
from petitions.services.handling import petition_close, petition_reply
from stats.selectors import MEMBER_RECORD_SECTIONS, RecordSection, member_record
from tests import factories
from tests.workflow_helpers import triaged_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def co_member(other_workstation):
    return factories.MemberFactory(
        user__username="engineer", user__full_name="王工程", sector__name="科技界", workstations=[other_workstation]
    )


@pytest.fixture
def co_handled(member, workstation, co_member):
    """A case the co-member was invited to, replied to, and the lead closed as solved."""
    from petitions.choices import Track

    petition = triaged_petition(member, workstation, Track.ANSWER)
    petition_co_member_invite(user=member.user, petition_id=petition.pk, member=co_member)
    petition_reply(user=co_member.user, petition_id=petition.pk, message="已协调住建局硬化路面。")
    petition_close(user=member.user, petition_id=petition.pk, outcome="solved", households_helped=0)
    return petition


def _rows(record, key):
    return {row[0]: row[1] for row in next(s for s in record["sections"] if s.key == key).rows}


def test_the_co_member_shares_the_credit_and_the_lead_keeps_theirs(member, co_member, co_handled):
    year = timezone.localdate().year
    mine = member_record(member=co_member, year=year)
    assert _rows(mine, "co_handled") == {"受邀协办": 1, "本人答复群众": 1, "协办后解决": 1}
    assert mine["figures"]["solved"] == 0  # the lead's figure is not the co-member's
    assert member_record(member=member, year=year)["figures"]["solved"] == 1


def test_a_section_provider_is_one_line_in_the_list(member, monkeypatch):
    def research(member, year, f):
        return RecordSection("research", "调研活动", ["项目", "数值"], [["参加调研", 3]])

    module = importlib.import_module("stats.selectors.member_record")
    monkeypatch.setattr(module, "MEMBER_RECORD_SECTIONS", [*MEMBER_RECORD_SECTIONS, research])
    record = member_record(member=member, year=2026)
    assert [s.key for s in record["sections"]][-1] == "research"


def test_the_xlsx_holds_a_cover_and_one_sheet_per_section(client, member, co_member, co_handled, workstation):
    opinion_report_create(
        user=co_member.user,
        petition_ids=[co_handled.pk],
        title="关于背街小巷硬化的情况反映",
        source="王工程",
        situation="小巷多年未硬化。",
        suggestions="建议住建局牵头硬化。",
    )
    year = timezone.localdate().year
    client.force_login(co_member.user)
    response = client.get(reverse("stats:member_record_export", args=[co_member.pk]), {"year": year})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "概况",
        "值班履职",
        "办理诉求（承办）",
        "按办理方式",
        "协办诉求",
        "建议",
        "社情民意信息",
        "重点课题调研",
    ]
    cover = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert (cover["委员"], cover["界别"], cover["年度"]) == ("王工程", "科技界", year)
    co = {row[0]: row[1] for row in book["协办诉求"].iter_rows(min_row=2, values_only=True)}
    assert co == {"受邀协办": 1, "本人答复群众": 1, "协办后解决": 1}
    opinions = {row[0]: row[1] for row in book["社情民意信息"].iter_rows(min_row=2, values_only=True)}
    assert opinions == {"撰写": 1, "报送上级": 0}
    # no citizen in the file
    text = " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
    assert "张三" not in text
    assert "13800138000" not in text


def test_the_printable_page_uses_static_print_css(client, member):
    client.force_login(member.user)
    page = client.get(reverse("stats:member_record_print", args=[member.pk]), {"year": 2026}).content.decode()
    assert "css/stats.css" in page
    assert 'style="' not in page
    assert 'id="record-co_handled"' in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("self", 200), ("liaison", 200), ("office", 200), ("colleague", 403), ("other_liaison", 403)],
)
def test_who_may_see_and_export_a_record(
    client, member, workstation, other_workstation, liaison_officer, office_staff, who, status
):
    other_liaison = factories.UserFactory(username="other-liaison")
    other_workstation.liaison_officers.add(other_liaison)
    users = {
        "self": member.user,
        "liaison": liaison_officer,
        "office": office_staff,
        "colleague": factories.MemberFactory(user__username="colleague", workstations=[workstation]).user,
        "other_liaison": other_liaison,
    }
    client.force_login(users[who])
    for name in ("member_record", "member_record_print", "member_record_export"):
        assert client.get(reverse(f"stats:{name}", args=[member.pk]), {"year": 2026}).status_code == status
