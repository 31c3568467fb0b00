"""Roster pages: who may open them, what they show, their query budgets, the feed and exports."""

import csv
import datetime
import io
import re

import icalendar
import openpyxl
import pytest
from django.urls import reverse

from accounts.roles import Role
from members import services
from members.choices import DutyKind, RosterStatus, Slot, SwapStatus
from members.models import DutyAssignment, DutyRoster, DutySwapRequest, RosterChange
from tests import factories
from tests.members.conftest import MARCH, make_member

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2027, 3, 1)
CALENDAR = reverse("members:calendar", args=["xiliuwan", 2027, 3])


def _publish_with(officer, workstation, member, *, date=MONDAY, slot=Slot.MORNING):
    duty = services.duty_add(actor=officer, workstation=workstation, month=MARCH, member=member, date=date, slot=slot)
    services.roster_publish(actor=officer, workstation=workstation, month=MARCH, confirm_uncovered=True)
    return duty


# --- Authorisation --------------------------------------------------------------------------------


@pytest.fixture
def other_officer(other_workstation):
    user = factories.UserFactory(username="luoxi-liaison", roles=[Role.LIAISON_OFFICER])
    other_workstation.liaison_officers.add(user)
    return user


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("member", 404), ("office_staff", 404), ("other_officer", 404), ("liaison_officer", 200)],
)
def test_only_the_workstations_liaison_officer_opens_its_calendar(client, request, workstation, who, expected):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who) if who != "member" else request.getfixturevalue(who).user)

    response = client.get(CALENDAR)

    assert response.status_code == expected


@pytest.mark.parametrize("who", ["member", "other_officer"])
def test_nobody_else_edits_a_roster(client, request, workstation, member, who):
    # given: a member of the workstation, or the officer of another workstation
    user = member.user if who == "member" else request.getfixturevalue(who)
    client.force_login(user)

    # when: they post a duty, generate and publish
    add = client.post(
        reverse("members:duty_add", args=["xiliuwan", 2027, 3]),
        {"kind": "slot", "member": member.pk, "date": "2027-03-01", "slot": "morning"},
    )
    generate = client.post(reverse("members:generate", args=["xiliuwan", 2027, 3]), {"scope": "month"})
    publish = client.post(reverse("members:publish", args=["xiliuwan", 2027, 3]), {"confirm_uncovered": "on"})

    # then: 404 each, nothing written
    assert (add.status_code, generate.status_code, publish.status_code) == (404, 404, 404)
    assert not DutyRoster.objects.exists()
    assert not RosterChange.objects.exists()


def test_another_officer_cannot_touch_a_duty_or_a_swap_here(
    client, liaison_officer, other_officer, workstation, member
):
    duty = _publish_with(liaison_officer, workstation, member)
    zhao = make_member(workstation, "zhao", name="赵委员")
    swap = services.swap_request_create(requester=member, duty=duty, target_member=zhao)
    client.force_login(other_officer)

    responses = [
        client.post(reverse("members:duty_remove", args=[duty.pk]), {"confirm_published": "on", "reason": "x"}),
        client.post(reverse("members:duty_move", args=[duty.pk]), {"member": zhao.pk}),
        client.post(reverse("members:swap_approve", args=[swap.pk])),
        client.get(reverse("members:export", args=["xiliuwan", 2027, "csv"])),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    duty.refresh_from_db()
    swap.refresh_from_db()
    assert (duty.member, swap.status) == (member, SwapStatus.PENDING)


# --- The officer's pages ----------------------------------------------------------------------------


def test_the_officer_adds_a_duty_and_publishing_with_gaps_asks_for_confirmation(
    client, liaison_officer, workstation, member, first_monday_rule
):
    client.force_login(liaison_officer)

    client.post(
        reverse("members:duty_add", args=["xiliuwan", 2027, 3]),
        {"kind": "slot", "member": member.pk, "date": "2027-03-01", "slot": "morning"},
    )
    response = client.post(reverse("members:publish", args=["xiliuwan", 2027, 3]), follow=True)

    page = response.content.decode()
    assert "还有 1 处未安排：当月负责。如仍要发布，请勾选“确认在有空缺的情况下发布”。" in page
    assert DutyRoster.objects.get().status == RosterStatus.DRAFT
    assert DutyAssignment.objects.get().member == member


def test_a_refused_edit_shows_the_reason(client, liaison_officer, workstation, member):
    member.is_active = False
    member.save()
    client.force_login(liaison_officer)

    response = client.post(
        reverse("members:duty_add", args=["xiliuwan", 2027, 3]),
        {"kind": "slot", "member": member.pk, "date": "2027-03-01", "slot": "morning"},
        follow=True,
    )

    assert f"{member.name} 已不在职，不能安排值班。" in response.content.decode()
    assert not DutyAssignment.objects.exists()


def _calendar_with(count, officer, workstation):
    for day in range(1, count + 1):
        member = make_member(workstation, f"m{day}", name=f"委员{day}")
        services.duty_add(
            actor=officer,
            workstation=workstation,
            month=MARCH,
            member=member,
            date=MARCH.replace(day=day),
            slot=Slot.MORNING,
        )


@pytest.mark.parametrize("count", [2, 20])
def test_the_calendar_page_query_count_does_not_grow_with_duties(
    client, liaison_officer, workstation, first_monday_rule, count, django_assert_num_queries
):
    _calendar_with(count, liaison_officer, workstation)
    client.force_login(liaison_officer)

    # 12, and the month's working-day overrides (reception slots move off holidays)
    with django_assert_num_queries(14):  # +1: the navbar's unread count
        response = client.get(CALENDAR)

    assert response.status_code == 200
    assert response.content.decode().count('class="duty"') == count


@pytest.mark.parametrize("count", [2, 20])
def test_the_overview_query_count_does_not_grow_with_workstations(
    client, liaison_officer, count, django_assert_num_queries
):
    for index in range(count):
        workstation = factories.WorkstationFactory(code=f"ws-{index:02d}", liaison_officers=[liaison_officer])
        factories.ReceptionRuleFactory(workstation=workstation)
        member = make_member(workstation, f"m{index}")
        services.duty_add(
            actor=liaison_officer, workstation=workstation, month=MARCH, member=member, date=MONDAY, slot=Slot.MORNING
        )
    client.force_login(liaison_officer)

    # 10, and the month's working-day overrides (reception slots move off holidays)
    with django_assert_num_queries(12):  # +1: the navbar's unread count
        response = client.get(reverse("members:overview") + "?month=2027-03")

    page = response.content.decode()
    assert page.count("data-workstation=") == count + 1  # and the fixture's Xiliuwan, which has no rules
    assert page.count("当月负责</span>") == count + 1  # every month lead is missing, highlighted


def test_the_overview_highlights_uncovered_days(client, liaison_officer, workstation, member, first_monday_rule):
    services.duty_add(actor=liaison_officer, workstation=workstation, month=MARCH, member=member, kind=DutyKind.MONTH)
    client.force_login(liaison_officer)

    page = client.get(reverse("members:overview") + "?month=2027-03").content.decode()

    assert '<tr class="table-danger" data-workstation="xiliuwan">' in page
    assert '<span class="badge text-bg-danger me-1">03-01 上午</span>' in page


def test_the_overview_opens_on_this_month(client, liaison_officer, workstation):
    # given: today is 15 February 2027 (tests.members.conftest)
    client.force_login(liaison_officer)

    # when: the officer opens /rosters/ without choosing a month
    page = client.get(reverse("members:overview")).content.decode()

    # then: February's overview, with January and March one click away, and February's calendar linked
    assert "2027年2月值班表总览" in page
    assert 'href="?month=2027-01"' in page
    assert 'href="?month=2027-03"' in page
    assert reverse("members:calendar", args=["xiliuwan", 2027, 2]) in page


def test_publishing_a_fully_covered_month_does_not_ask_to_confirm_gaps(
    client, liaison_officer, workstation, member, first_monday_rule
):
    # given: March's one reception slot and its month lead are both covered
    services.duty_add(actor=liaison_officer, workstation=workstation, month=MARCH, member=member, kind=DutyKind.MONTH)
    services.duty_add(
        actor=liaison_officer, workstation=workstation, month=MARCH, member=member, date=MONDAY, slot=Slot.MORNING
    )
    client.force_login(liaison_officer)

    # when: the officer opens the calendar and publishes with the button alone
    before = client.get(CALENDAR).content.decode()
    response = client.post(reverse("members:publish", args=["xiliuwan", 2027, 3]), follow=True)

    # then: no gaps box was offered, and the month is published
    assert 'id="gaps"' not in before
    assert "确认在有空缺的情况下发布" not in before
    assert 'id="publish-form"' in before
    assert "2027年03月值班表已发布。" in response.content.decode()
    assert DutyRoster.objects.get().status == RosterStatus.PUBLISHED


def test_the_new_duty_date_picker_opens_on_the_first_of_the_month(client, liaison_officer, workstation):
    # given: the officer works in Chinese, whose usual date form is 2027/03/01
    client.force_login(liaison_officer)

    # when: they open March's calendar
    page = client.get(CALENDAR, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    # then: the new-duty date field holds the ISO date a date picker can show
    field = re.search(r'<input type="date" name="date"[^>]*>', page).group(0)
    assert 'value="2027-03-01"' in field


def test_a_month_with_gaps_offers_the_confirmation_box(client, liaison_officer, workstation, member, first_monday_rule):
    # given: March's month lead is set but its first Monday morning is not
    services.duty_add(actor=liaison_officer, workstation=workstation, month=MARCH, member=member, kind=DutyKind.MONTH)
    client.force_login(liaison_officer)

    page = client.get(CALENDAR).content.decode()

    assert "确认在有空缺的情况下发布" in page
    assert 'name="confirm_uncovered"' in page


# --- Members' pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 20])
def test_my_duties_lists_published_duties_in_fixed_queries(
    client, liaison_officer, workstation, member, count, django_assert_num_queries
):
    for index in range(count):
        other = factories.WorkstationFactory(code=f"ws-{index:02d}", liaison_officers=[liaison_officer])
        member.workstations.add(other)
        services.duty_add(
            actor=liaison_officer,
            workstation=other,
            month=MARCH,
            member=member,
            date=MARCH.replace(day=index + 1),
            slot=Slot.MORNING,
        )
        services.roster_publish(actor=liaison_officer, workstation=other, month=MARCH, confirm_uncovered=True)
    client.force_login(member.user)
    client.get(reverse("members:my_duties"))  # the feed token is created on the first visit

    # the page's seven queries (duties, swaps, away dates, …), and the navbar's two permission reads
    with django_assert_num_queries(9):
        response = client.get(reverse("members:my_duties"))

    assert response.content.decode().count("申请换班</a>") == count


def test_a_member_asks_for_a_swap_and_the_officer_approves_it(client, liaison_officer, workstation, member):
    duty = _publish_with(liaison_officer, workstation, member)
    zhao = make_member(workstation, "zhao", name="赵委员")
    client.force_login(member.user)

    response = client.post(
        reverse("members:my_swap_request", args=[duty.pk]), {"target_member": zhao.pk, "reason": "出差"}, follow=True
    )

    assert "换班申请已提交，等待联络员审批。" in response.content.decode()
    swap = DutySwapRequest.objects.get()
    client.force_login(liaison_officer)
    assert "赵委员（代班）" in client.get(reverse("members:swaps")).content.decode()
    client.post(reverse("members:swap_approve", args=[swap.pk]))
    duty.refresh_from_db()
    assert duty.member == zhao


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return [label.strip() for value, label in re.findall(r'<option value="(\d+)"[^>]*>(.*?)</option>', select)]


def test_the_swap_form_offers_only_duties_the_swap_could_take(
    client, liaison_officer, workstation, other_workstation, member
):
    # given: the member's first Monday morning at Xiliuwan (they serve Luoxi too); Zhao at Xiliuwan
    # holds a slot a week later, an afternoon slot the same day, and the month lead; Qian serves
    # Luoxi only and holds a slot there; Zhao also had a duty in February, now past
    other_workstation.liaison_officers.add(liaison_officer)
    member.workstations.add(other_workstation)
    zhao = make_member(workstation, "zhao", name="赵委员")
    qian = make_member(other_workstation, "qian", name="钱委员")
    add = {"actor": liaison_officer, "month": MARCH}
    mine = services.duty_add(**add, workstation=workstation, member=member, date=MONDAY, slot=Slot.MORNING)
    services.duty_add(**add, workstation=workstation, member=zhao, date=MONDAY.replace(day=8), slot=Slot.MORNING)
    services.duty_add(**add, workstation=workstation, member=zhao, date=MONDAY, slot=Slot.AFTERNOON)
    services.duty_add(**add, workstation=workstation, member=zhao, kind=DutyKind.MONTH)
    services.duty_add(**add, workstation=other_workstation, member=qian, date=MONDAY.replace(day=9), slot=Slot.MORNING)
    february = datetime.date(2027, 2, 1)
    services.duty_add(
        actor=liaison_officer, month=february, workstation=workstation, member=zhao, date=february, slot=Slot.MORNING
    )
    for ws, month in [(workstation, MARCH), (other_workstation, MARCH), (workstation, february)]:
        services.roster_publish(actor=liaison_officer, workstation=ws, month=month, confirm_uncovered=True)
    client.force_login(member.user)

    # when: the member opens the swap form of their Monday morning
    page = client.get(reverse("members:my_swap_request", args=[mine.pk])).content.decode()

    # then: Zhao alone as partner, and only Zhao's slot on another, future day to exchange with
    assert _options(page, "target_member") == ["赵委员"]
    assert _options(page, "target_duty") == ["赵委员 · 西流湾社区委员工作室 · 2027-03-08 上午"]


def test_a_member_cannot_ask_to_swap_someone_elses_duty(client, liaison_officer, workstation, member):
    zhao = make_member(workstation, "zhao", name="赵委员")
    duty = _publish_with(liaison_officer, workstation, zhao)
    client.force_login(member.user)

    response = client.post(reverse("members:my_swap_request", args=[duty.pk]), {"target_member": member.pk})

    assert response.status_code == 404
    assert not DutySwapRequest.objects.exists()


# --- iCalendar feed ---------------------------------------------------------------------------------


def test_the_ical_feed_parses_back_with_the_members_duties(client, liaison_officer, workstation, member):
    # given: a published morning duty and a month lead in March
    _publish_with(liaison_officer, workstation, member)
    april = datetime.date(2027, 4, 1)
    services.duty_add(actor=liaison_officer, workstation=workstation, month=april, member=member, kind=DutyKind.MONTH)
    services.roster_publish(actor=liaison_officer, workstation=workstation, month=april, confirm_uncovered=True)
    token = services.calendar_token_get_or_create(member=member).token

    # when: a phone calendar fetches the feed, without a session
    response = client.get(reverse("members:my_duties_ics") + "?token=" + token)

    # then: a calendar a real parser reads, with both duties at the right times
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: str(e["DTSTART"].dt))
    assert [str(e["SUMMARY"]) for e in events] == [
        "西流湾社区委员工作室 上午接待值班",
        "西流湾社区委员工作室 整月负责值班",
    ]
    morning = events[0]["DTSTART"].dt
    assert morning.isoformat() == "2027-03-01T08:30:00+08:00"
    assert events[1]["DTSTART"].dt == april
    assert events[1]["DTEND"].dt == datetime.date(2027, 5, 1)
    assert str(events[0]["LOCATION"]) == workstation.address


@pytest.mark.parametrize("token", ["", "wrong", "x" * 43])
def test_a_wrong_feed_token_is_404(client, member, token):
    services.calendar_token_get_or_create(member=member)

    response = client.get(reverse("members:my_duties_ics") + "?token=" + token)

    assert response.status_code == 404


def test_resetting_the_feed_token_revokes_the_old_url(client, member):
    old = services.calendar_token_get_or_create(member=member).token
    client.force_login(member.user)

    client.post(reverse("members:my_feed_reset"))
    client.logout()

    assert client.get(reverse("members:my_duties_ics") + "?token=" + old).status_code == 404
    new = member.calendar_token.__class__.objects.get(member=member).token
    assert client.get(reverse("members:my_duties_ics") + "?token=" + new).status_code == 200


# --- Exports ----------------------------------------------------------------------------------------


def test_the_csv_export_neutralises_formulas(client, liaison_officer, workstation, member):
    duty = _publish_with(liaison_officer, workstation, member)
    DutyAssignment.objects.filter(pk=duty.pk).update(note='=HYPERLINK("http://evil","x")')
    client.force_login(liaison_officer)

    response = client.get(reverse("members:export", args=["xiliuwan", 2027, "csv"]))

    assert response["Content-Disposition"] == 'attachment; filename="roster-xiliuwan-2027.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["月份", "状态", "类型", "日期", "时段", "委员", "界别", "备注"],
        [
            "2027-03",
            "已发布",
            "接待时段",
            "2027-03-01",
            "上午",
            member.name,
            member.sector.name,
            '\'=HYPERLINK("http://evil","x")',
        ],
    ]


def test_the_xlsx_export_has_the_years_duties(client, liaison_officer, workstation, member):
    _publish_with(liaison_officer, workstation, member)
    DutyAssignment.objects.update(note="+1")
    client.force_login(liaison_officer)

    response = client.get(reverse("members:export", args=["xiliuwan", 2027, "xlsx"]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "西流湾社区委员工作室 2027年值班表"
    assert values[2] == ["2027-03", "已发布", "接待时段", "2027-03-01", "上午", member.name, member.sector.name, "'+1"]


def test_generating_all_workstations_never_books_a_shared_member_twice_a_day(
    client, liaison_officer, workstation, first_monday_rule
):
    # given: Luoxi, also managed by this officer, with the same first-Monday reception, and one
    # member who serves both workstations alone
    luoxi = factories.WorkstationFactory(code="luoxi-2", name="罗溪二", liaison_officers=[liaison_officer])
    factories.ReceptionRuleFactory(workstation=luoxi)
    shared = make_member(workstation, "shared", name="共用委员")
    shared.workstations.add(luoxi)
    client.force_login(liaison_officer)

    # when: the officer generates March for all their workstations
    response = client.post(reverse("members:generate_all", args=[2027, 3]), {"scope": "month"}, follow=True)

    # then: the member leads and receives at the first workstation (by code); the other one is
    # reported unfilled, with the reason
    page = response.content.decode()
    assert "自动排班完成：新增 2 项，未能安排 2 项，已发布未改动 0 个月。" in page
    assert (
        "西流湾社区委员工作室 2027-03 整月负责：可选委员 1 人：0 人本月有不可值班日期，1 人本月已在其他工作室值班"
        in page
    )
    assert "西流湾社区委员工作室 2027-03-01 上午：可选委员 1 人：0 人不可值班，1 人当天已在其他工作室值班" in page
    assert set(DutyAssignment.objects.values_list("roster__workstation__code", "kind", "member")) == {
        ("luoxi-2", DutyKind.MONTH, shared.pk),
        ("luoxi-2", DutyKind.SLOT, shared.pk),
    }


@pytest.mark.parametrize("count", [2, 20])
def test_the_swap_list_query_count_does_not_grow_with_requests(
    client, liaison_officer, workstation, count, django_assert_num_queries
):
    # given: `count` published duties at Xiliuwan, each with a pending swap request
    taker = make_member(workstation, "taker", name="接班委员")
    for day in range(1, count + 1):
        asker = make_member(workstation, f"asker{day}", name=f"委员{day}")
        services.duty_add(
            actor=liaison_officer,
            workstation=workstation,
            month=MARCH,
            member=asker,
            date=MARCH.replace(day=day),
            slot=Slot.MORNING,
        )
    services.roster_publish(actor=liaison_officer, workstation=workstation, month=MARCH, confirm_uncovered=True)
    for duty in DutyAssignment.objects.all():
        services.swap_request_create(requester=duty.member, duty=duty, target_member=taker)
    client.force_login(liaison_officer)

    with django_assert_num_queries(7):  # +1: the navbar's unread count
        response = client.get(reverse("members:swaps"))

    assert response.content.decode().count("接班委员（代班）") == count


def test_the_officer_sets_the_reception_days_and_a_duplicate_is_refused(client, liaison_officer, workstation):
    client.force_login(liaison_officer)
    url = reverse("members:rule_add", args=["xiliuwan", 2027, 3])

    first = client.post(url, {"week_of_month": "1", "weekday": "0", "slot": "morning"}, follow=True)
    again = client.post(url, {"week_of_month": "1", "weekday": "0", "slot": "morning"}, follow=True)
    weekly = client.post(url, {"week_of_month": "", "weekday": "3", "slot": "afternoon"}, follow=True)

    assert "已添加接待日：第一个星期一上午。" in first.content.decode()
    assert "已有相同的接待日：第一个星期一上午。" in again.content.decode()
    assert "已添加接待日：每个星期四下午。" in weekly.content.decode()
    assert [str(rule) for rule in workstation.reception_rules.order_by("pk")] == ["第一个星期一上午", "每个星期四下午"]
    # and the calendar now shows March's first-Monday reception as uncovered
    assert '<div class="gap text-danger small">03-01 上午 未安排</div>' in weekly.content.decode()


def test_another_officer_cannot_remove_a_reception_day(client, other_officer, first_monday_rule):
    client.force_login(other_officer)

    response = client.post(reverse("members:rule_remove", args=[first_monday_rule.pk, 2027, 3]))

    assert response.status_code == 404
    assert first_monday_rule.__class__.objects.filter(pk=first_monday_rule.pk).exists()


# --- a member's own unavailable dates ------------------------------------------------------------
def test_a_members_own_away_dates_keep_the_generator_off_them(
    client, liaison_officer, workstation, member, first_monday_rule
):
    zhang = make_member(workstation, "zhang", name="张委员")
    client.force_login(member.user)

    # when: the member enters the first Monday of March as a day away
    response = client.post(
        reverse("members:my_unavailability_add"),
        {"start": "2027-03-01", "end": "2027-03-01", "reason": "出差"},
        follow=True,
    )

    # then: the page lists it, and the generated roster gives that reception to someone else
    html = response.content.decode()
    assert "已登记不可值班日期，排班时将避开。" in html
    assert "2027-03-01 – 2027-03-01（出差）" in html
    services.roster_generate(actor=liaison_officer, workstations=[workstation], months=[MARCH])
    assert DutyAssignment.objects.get(kind=DutyKind.SLOT, date=MONDAY).member == zhang


def test_away_dates_over_a_published_duty_ask_for_a_swap(client, liaison_officer, workstation, member):
    _publish_with(liaison_officer, workstation, member)
    client.force_login(member.user)

    response = client.post(
        reverse("members:my_unavailability_add"), {"start": "2027-02-20", "end": "2027-03-05"}, follow=True
    )

    html = response.content.decode()
    assert "您在 2027-03-01 已有值班（西流湾社区委员工作室），请申请换班。" in html
    assert DutyAssignment.objects.filter(member=member, date=MONDAY).exists()  # the officer decides


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2027-03-05", "2027-03-01", "结束日期不能早于开始日期。"),
        ("2027-02-01", "2027-02-20", "不能登记已经过去的日期。"),
        ("2027-03-01", "2028-03-31", "一次最多登记一年。"),
    ],
)
def test_bad_away_dates_are_refused_and_nothing_saved(client, member, start, end, message):
    client.force_login(member.user)

    response = client.post(reverse("members:my_unavailability_add"), {"start": start, "end": end}, follow=True)

    assert message in response.content.decode()
    assert not member.unavailable.exists()


def test_a_member_removes_only_their_own_away_dates(client, workstation, member):
    other = make_member(workstation, "zhao", name="赵委员")
    theirs = factories.MemberUnavailabilityFactory(member=other, start=MONDAY, end=MONDAY)
    mine = factories.MemberUnavailabilityFactory(member=member, start=MONDAY, end=MONDAY)
    client.force_login(member.user)

    assert client.post(reverse("members:my_unavailability_remove", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("members:my_unavailability_remove", args=[mine.pk])).status_code == 302
    assert list(other.unavailable.all()) == [theirs]
    assert not member.unavailable.exists()
