"""Browser: a liaison officer generates next month's roster, moves a duty, publishes it; the member
signs in and finds the duty under /my/duties/."""

import pytest
from django.utils import timezone

from members.choices import DutyKind, RosterStatus
from members.generator import month_add, month_days
from members.models import DutyAssignment, DutyRoster
from tests import factories
from tests.e2e.conftest import sign_in


@pytest.mark.django_db(transaction=True)
def test_officer_generates_moves_and_publishes_and_the_member_sees_the_duty(
    live_server, desktop_page, new_desktop_page, screenshot, workstation, liaison_officer, member
):
    # given: Xiliuwan receives citizens every first Monday morning; two members serve it, and the
    # member is away on the last day of next month (so the generator will not make them lead it)
    next_month = month_add(timezone.localdate().replace(day=1), 1)
    factories.ReceptionRuleFactory(workstation=workstation, weekday=0, week_of_month=1)
    zhang = factories.MemberFactory(user__username="zhang", user__full_name="张委员", workstations=[workstation])
    last_day = month_days(next_month)[-1]
    factories.MemberUnavailabilityFactory(member=member, start=last_day, end=last_day, reason="外出")
    page = desktop_page

    # when: the liaison officer opens the overview and next month's calendar
    sign_in(page, live_server.url, "liaison")
    page.goto(f"{live_server.url}/rosters/")
    assert page.locator("h1").inner_text() == f"{timezone.localdate():%Y}年{timezone.localdate().month}月值班表总览"
    page.click("text=下个月")
    page.wait_for_url(f"**/rosters/?month={next_month:%Y-%m}")
    assert page.locator("#overview tr[data-workstation=xiliuwan] .gaps").inner_text().startswith("当月负责")
    page.click("text=西流湾社区委员工作室")
    assert page.locator("h1").inner_text().startswith(f"西流湾社区委员工作室 · {next_month.year}年{next_month.month}月")

    # and generates the month
    page.click("#generate-form button[type=submit]")
    assert (
        page.locator(".alert-success").inner_text() == "自动排班完成：新增 2 项，未能安排 0 项，已发布未改动 0 个月。"
    )
    assert page.locator("#month-lead").inner_text().endswith(f"张委员（{zhang.sector.name}）")
    screenshot(page, "1-generated")

    # and moves the month lead to the member (away one day only: the officer knows better)
    lead_row = page.locator("#duties tr", has_text="当月负责")
    lead_row.locator("select[name=member]").select_option(label=member.name)
    lead_row.locator("button", has_text="调整").click()
    assert page.locator(".alert-success").inner_text() == "值班已调整。"
    assert member.name in page.locator("#month-lead").inner_text()

    # and publishes
    page.click("#publish-form button[type=submit]")
    assert page.locator(".alert-success").inner_text() == f"{next_month.year}年{next_month.month:02d}月值班表已发布。"
    assert page.locator("#roster-status").inner_text() == "已发布"
    assert "发布后修改" not in page.locator("#changes").inner_text()
    screenshot(page, "2-published")

    # then: the roster is published with the member as month lead
    roster = DutyRoster.objects.get(workstation=workstation, month=next_month)
    assert roster.status == RosterStatus.PUBLISHED
    assert DutyAssignment.objects.get(roster=roster, kind=DutyKind.MONTH).member == member

    # and the member, signed in on their own browser, sees the duty under /my/duties/
    member_page = new_desktop_page()
    sign_in(member_page, live_server.url, "member")
    member_page.goto(f"{live_server.url}/my/duties/")
    rows = member_page.locator("#my-duties tbody tr")
    # (the first-Monday reception went to whichever of the two the rotation chose)
    assert rows.count() == DutyAssignment.objects.filter(member=member).count()
    assert rows.first.inner_text().split("\t")[:2] == [
        "西流湾社区委员工作室",
        f"{next_month.year}年{next_month.month}月 当月负责",
    ]
    assert member_page.locator("#feed-url").input_value().startswith(f"{live_server.url}/my/duties.ics?token=")
    screenshot(member_page, "3-my-duties")
