"""An English reader sees the case timeline, the roster's change lines, the dashboard's period,
quarters and chart legends, and the sectors in English: rendered from what the office stored (in
Chinese, which the citizen keeps reading), not the stored Chinese text."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from members.choices import DutyKind
from members.models import RosterChange
from members.services.rosters import duty_add, roster_publish
from petitions.choices import EventType, Outcome, Track
from petitions.services.handling import petition_close, petition_reply
from tests import factories
from tests.workflow_helpers import triaged_petition

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_the_timeline_reads_in_english_while_the_stored_messages_stay_chinese(client, member, workstation):
    # given a case triaged, replied and closed (the reply is the member's own Chinese words)
    petition = triaged_petition(member, workstation, Track.ANSWER)
    petition_reply(user=member.user, petition_id=petition.pk, message="请到街道便民服务中心办理。")
    petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.SOLVED, households_helped=0)
    client.force_login(member.user)
    # when an English reader opens the case page
    html = client.get(reverse("casework:case_detail", args=[petition.pk]), **ENGLISH).content.decode()
    timeline = _text(re.search(r'<ol class="list-unstyled" id="timeline">.*?</ol>', html, re.S).group(0))
    # then the generated messages read in English, and only the member's reply keeps its Chinese
    assert "The member has chosen how to handle it: Direct reply." in timeline
    assert "Closed: Resolved." in timeline
    assert "委员已确定办理方式" not in timeline
    assert "已办结" not in timeline
    assert CJK.findall(timeline.replace("请到街道便民服务中心办理。", "").replace(member.user.display_name, "")) == []
    assert "请到街道便民服务中心办理。" in timeline
    # while the stored text, which /track/ shows, is still the office's language
    assert petition.events.get(type=EventType.TRIAGED).message == "委员已确定办理方式：直接答复。"
    # and a Chinese reader reads the stored text itself
    chinese = client.get(reverse("casework:case_detail", args=[petition.pk])).content.decode()
    assert "委员已确定办理方式：直接答复。" in chinese


def test_the_system_and_the_citizen_are_named_in_english_on_the_timeline(client, member, workstation):
    from petitions.events import event_write

    petition = triaged_petition(member, workstation, Track.ANSWER)
    event_write(petition=petition, type=EventType.RATED, actor_label="群众", message="群众评价：满意", public=True)
    client.force_login(member.user)
    html = client.get(reverse("casework:case_detail", args=[petition.pk]), **ENGLISH).content.decode()
    timeline = _text(re.search(r'<ol class="list-unstyled" id="timeline">.*?</ol>', html, re.S).group(0))
    assert "Citizen" in timeline
    assert "群众" not in timeline


def test_roster_change_lines_read_in_english(client, workstation, liaison_officer):
    # given a duty added and the month published by the liaison officer
    member = factories.MemberFactory(user__username="duty-member", workstations=[workstation], user__full_name="王建国")
    month = timezone.localdate().replace(day=1)
    duty_add(actor=liaison_officer, workstation=workstation, month=month, member=member, kind=DutyKind.MONTH)
    roster_publish(actor=liaison_officer, workstation=workstation, month=month, confirm_uncovered=True)
    assert set(RosterChange.objects.values_list("summary", flat=True)) >= {f"安排 {member.name}：当月负责"}
    client.force_login(liaison_officer)
    # when they read the month in English
    url = reverse("members:calendar", args=[workstation.code, month.year, month.month])
    html = client.get(url, **ENGLISH).content.decode()
    lines = [_text(line) for line in re.findall(r"<li>\d{4}-\d\d-\d\d \d\d:\d\d · .*?</li>", html, re.S)]
    # then the change lines are English (the member's name stays as written)
    assert lines
    assert any(f"{member.name}: On duty for the month" in line for line in lines), lines
    assert any(f"Published the {month:%Y-%m} duty roster" in line for line in lines), lines
    names = (member.name, liaison_officer.display_name)
    assert [CJK.findall(line.replace(names[0], "").replace(names[1], "")) for line in lines] == [[] for _ in lines]


def test_the_dashboard_reads_in_english(client, office_staff):
    # given a member of a national sector, and the office staff reading in English
    sector = factories.SectorFactory(name="中国共产党")
    factories.MemberFactory(sector=sector, workstations=[factories.WorkstationFactory()])
    client.force_login(office_staff)
    # when they open this month's dashboard and a quarter's
    month = client.get(reverse("stats:dashboard"), **ENGLISH)
    quarter = client.get(reverse("stats:dashboard"), {"period": "quarter", "year": 2026, "quarter": 2}, **ENGLISH)
    html = month.content.decode()
    # then the period in the title, the quarter names, the chart legends and the sector are English
    today = timezone.localdate()
    title = _text(re.search(r'<h1 class="h3 mb-0">.*?</h1>', html, re.S).group(0))
    assert f"{today:%Y-%m}" in title
    assert CJK.findall(title) == []
    assert "Q2 2026" in _text(re.search(r'<h1 class="h3 mb-0">.*?</h1>', quarter.content.decode(), re.S).group(0))
    quarters = re.findall(
        r"<option[^>]*>([^<]*)</option>", re.search(r'<select name="quarter".*?</select>', html, re.S).group(0)
    )
    assert quarters == ["—", "Q1", "Q2", "Q3", "Q4"]
    legend = json.loads(
        re.search(r'<script id="stats-chart-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    )["legend"]
    assert CJK.findall("".join(legend.values())) == []
    assert "Communist Party of China" in _text(re.search(r'<select name="sector".*?</select>', html, re.S).group(0))
    assert "中国共产党" not in _text(re.search(r'<select name="sector".*?</select>', html, re.S).group(0))
    # and the Chinese reader keeps the Chinese period
    assert f"{today.year}年{today.month:02d}月" in client.get(reverse("stats:dashboard")).content.decode()


def test_a_sector_reads_in_the_readers_language_and_an_office_name_stays():
    from django.utils import translation

    national = factories.SectorFactory(name="经济界")
    local = factories.SectorFactory(name="特邀街道代表")
    with translation.override("en"):
        assert (str(national), national.label) == ("Economy", "Economy")
        assert str(local) == "特邀街道代表"
    assert str(national) == "经济界"
