"""A research topic's whole life in a browser, as office staff and the lead member, at a phone's
390 px and on a desktop: proposed from what citizens raised, adopted with its group, researched,
reported, consulted, outcome recorded and published; then the public page, which fits the screen,
passes axe and shows no citizen's data. Screenshots of each step in test-artifacts/."""

import pytest

from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, _new_page, sign_in
from tests.e2e.test_staff_pages import AXE_JS, OVERFLOW_JS, SMALL_TARGETS_JS, _axe_source

SIZES = {"390": PHONE, "desktop": DESKTOP}


def _fits_and_passes_axe(page):
    assert page.evaluate(OVERFLOW_JS, page.viewport_size["width"]) <= 0
    if page.viewport_size["width"] == PHONE["viewport"]["width"]:
        assert page.evaluate(SMALL_TARGETS_JS) == []
    page.evaluate(_axe_source())
    assert page.evaluate(AXE_JS) == []


def _submit(page, form_id):
    page.locator(f"#{form_id} button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES)
def test_a_topic_from_proposed_to_published_outcome(
    live_server, browser, screenshot, size, office_staff, workstation, tmp_path
):
    from topics import services

    # given three citizens' cases about night noise, a lead member and a member for the group
    factories.MemberFactory(user__username="lead", user__full_name="李牵头", workstations=[workstation])
    factories.MemberFactory(user__username="wang", user__full_name="王成员", workstations=[workstation])
    cases = [
        factories.PetitionFactory(workstation=workstation, citizen_name=f"群众{i}", citizen_phone=f"1380013800{i}")
        for i in range(3)
    ]
    # the candidates view proposes it from these cases (another screen's job: called as it calls it)
    topic = services.topic_propose(
        by=office_staff, title="城区夜间噪音治理", year=2026, source="类别：城市管理 2026年", petitions=cases
    )
    base = live_server.url
    office_context, office = _new_page(browser, SIZES[size])
    lead_context, lead_page = _new_page(browser, SIZES[size])
    try:
        # when office staff open the topics list from the navbar and the proposed topic
        sign_in(office, base, office_staff.username)
        office.goto(f"{base}/research/")
        screenshot(office, f"{size}-01-list")
        _fits_and_passes_axe(office)
        office.click(f"a[href='/research/{topic.pk}/']")
        office.wait_for_load_state()
        assert office.locator("#topic-status").inner_text() == "拟选课题"
        screenshot(office, f"{size}-02-proposed")
        _fits_and_passes_axe(office)

        # and adopt it with 李牵头 leading and 王成员 in the group
        office.select_option("#adopt-form select[name=adopt-lead]", label="李牵头")
        office.select_option("#adopt-form select[name=adopt-members]", label="王成员")
        _submit(office, "adopt-form")
        assert office.locator("#topic-status").inner_text() == "已确定"

        # then the lead member starts the research, records a seminar and submits the report
        sign_in(lead_page, base, "lead")
        lead_page.goto(f"{base}/research/{topic.pk}/")
        lead_page.click("#start-research")
        lead_page.wait_for_load_state()
        assert lead_page.locator("#topic-status").inner_text() == "调研中"
        lead_page.fill("#milestone-form input[name=title]", "完成部门走访")
        lead_page.fill("#milestone-form input[name=due_date]", "2026-06-30")
        _submit(lead_page, "milestone-form")
        lead_page.select_option("#activity-form select[name=kind]", "seminar")
        lead_page.fill("#activity-form input[name=date]", "2026-05-10")
        lead_page.fill("#activity-form input[name=place]", "市城管局会议室")
        lead_page.select_option("#activity-form select[name=participants]", label="李牵头")
        lead_page.fill("#activity-form textarea[name=notes]", "与城管局座谈夜间噪音执法。")
        _submit(lead_page, "activity-form")
        assert "市城管局会议室" in lead_page.locator(".activity").first.inner_text()
        report = tmp_path / "调研报告.pdf"
        report.write_bytes(b"%PDF-1.4\n% report\n")
        lead_page.fill("#report-form textarea[name=summary]", "夜间噪音主要来自广场音响，建议分时分区管理。")
        lead_page.set_input_files("#report-form input[name=files]", str(report))
        _submit(lead_page, "report-form")
        assert lead_page.locator("#topic-status").inner_text() == "已报送调研报告"
        screenshot(lead_page, f"{size}-03-lead-reported")
        _fits_and_passes_axe(lead_page)

        # and office staff record the consultation meeting and the outcome, then publish
        office.reload()
        office.fill("#meeting-form input[name=date]", "2026-05-20")
        office.select_option("#meeting-form select[name=participants]", label="李牵头")
        office.fill("#meeting-form textarea[name=minutes]", "会议同意调研报告的建议。")
        _submit(office, "meeting-form")
        assert office.locator("#topic-status").inner_text() == "已协商"
        office.select_option("#outcome-form select[name=kind]", "policy")
        office.fill("#outcome-form input[name=title]", "城区夜间噪音管理办法")
        office.fill("#outcome-form input[name=document_ref]", "益政发〔2026〕9号")
        office.fill("#outcome-form input[name=date]", "2026-06-15")
        _submit(office, "outcome-form")
        assert office.locator("#topic-status").inner_text() == "已登记成果"
        office.click("#publish-topic")
        office.wait_for_load_state()
        screenshot(office, f"{size}-04-published")
        _fits_and_passes_axe(office)
        assert [e.split("\n")[0] for e in office.locator("#topic-timeline li").all_inner_texts()][-1].endswith(
            "告知群众 · " + office_staff.display_name
        )

        # then anyone opens the public page: counts and outcomes, nobody's personal data
        office.click("#public-link")
        office.wait_for_load_state()
    finally:
        lead_context.close()
    public_context, public = _new_page(browser, SIZES[size])
    try:
        public.goto(f"{base}/topics/{topic.pk}/")
        text = public.locator("main").inner_text()
        assert "群众通过委员工作室反映相关问题 3 件，其中已解决 0 件。" in text
        assert "城区夜间噪音管理办法" in text
        assert "座谈会 · 市城管局会议室" in text
        for case in cases:
            assert case.citizen_name not in text
            assert case.citizen_phone not in text
            assert case.tracking_code not in text
        screenshot(public, f"{size}-05-public")
        _fits_and_passes_axe(public)
    finally:
        public_context.close()
        office_context.close()
