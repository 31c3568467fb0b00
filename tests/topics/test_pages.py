"""The topic pages: the public page of a published topic shows counts and the office's words only,
never a citizen's name, phone, address, case text or tracking code; publishing an outcome tells
the citizens who gave a phone, once; the staff pages are for office staff and the topic's group."""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests import factories
from topics import services
from topics.choices import EventType

pytestmark = pytest.mark.django_db


def _published(topic_at, office_staff, step="closed"):
    topic = topic_at(step)
    if step in ("researching", "adopted"):
        services.activity_record(
            by=office_staff, topic_id=topic.pk, kind="visit", date=datetime.date(2026, 4, 2), place="市城管局"
        )
    services.topic_publish(by=office_staff, topic_id=topic.pk)
    topic.refresh_from_db()
    return topic


def test_the_public_page_shows_counts_and_outcomes_and_no_personal_data(client, topic_at, office_staff, cases):
    # given a closed topic with three cases behind it, published
    cases[0].status, cases[0].outcome = "closed", "solved"
    cases[0].save(update_fields=["status", "outcome"])
    topic = _published(topic_at, office_staff)

    # when anyone opens its public page
    response = client.get(f"/topics/{topic.pk}/")

    # then it says what citizens raised (counts), what the members did and what came of it
    assert response.status_code == 200
    page = response.content.decode()
    assert "群众通过委员工作室反映相关问题 3 件，其中已解决 1 件。" in page
    assert "调研组委员 2 人" in page
    assert "2026-05-20 召开议政性常委会议，委员 2 人参加，邀请部门 0 个。" in page
    assert "夜间噪音管理办法" in page
    assert "益政发〔2026〕9号" in page
    # and nothing about any citizen: no name, phone, case text or tracking code
    for case in cases:
        assert case.citizen_name not in page
        assert case.citizen_phone not in page
        assert case.citizen_phone[-4:] not in page
        assert case.tracking_code not in page
        assert case.content[:10] not in page
    assert "李牵头" not in page  # nor the staff view's names; sectors and counts only


@pytest.mark.parametrize("step", ["proposed", "adopted"])
def test_an_unpublished_topic_has_no_public_page(client, topic_at, step):
    topic = topic_at(step)
    assert client.get(f"/topics/{topic.pk}/").status_code == 404
    assert topic.title not in client.get("/topics/").content.decode()


def test_the_public_list_shows_published_topics(client, topic_at, office_staff):
    topic = _published(topic_at, office_staff, step="adopted")
    page = client.get("/topics/").content.decode()
    assert f'href="/topics/{topic.pk}/"' in page


def test_publishing_the_outcome_tells_each_citizen_who_gave_a_phone_once(
    topic_at, office_staff, cases, notifications, django_capture_on_commit_callbacks
):
    # given a topic with outcomes, two of whose citizens gave no phone
    cases[1].citizen_phone = ""
    cases[1].save()
    cases[2].citizen_phone, cases[2].citizen_name = "", ""
    cases[2].save()
    topic = topic_at("outcomes_recorded")

    # when office staff publish it
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_publish(by=office_staff, topic_id=topic.pk)

    # then the one citizen who can be told gets an SMS with their tracking code and the public page
    assert [(n.channel, n.recipient) for n in notifications] == [("sms", cases[0].citizen_phone)]
    assert cases[0].tracking_code in notifications[0].body
    assert notifications[0].body.endswith(f"http://127.0.0.1:8000/topics/{topic.pk}/")
    assert "城区夜间噪音治理" in notifications[0].body
    assert topic.events.filter(type=EventType.CITIZENS_TOLD).count() == 1

    # and publishing again after withdrawing it, or closing it, tells nobody a second time
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_unpublish(by=office_staff, topic_id=topic.pk)
        services.topic_publish(by=office_staff, topic_id=topic.pk)
        services.topic_close(by=office_staff, topic_id=topic.pk)
    assert len(notifications) == 1


def test_an_outcome_recorded_on_a_published_topic_tells_the_citizens(
    topic_at, office_staff, notifications, django_capture_on_commit_callbacks
):
    topic = topic_at("consulted")
    services.topic_publish(by=office_staff, topic_id=topic.pk)
    assert notifications == []
    with django_capture_on_commit_callbacks(execute=True):
        services.outcome_record(
            by=office_staff, topic_id=topic.pk, kind="measure", title="夜间巡查", date=datetime.date(2026, 6, 1)
        )
    assert len(notifications) == 3


def test_publishing_a_proposed_topic_is_refused(topic_at, office_staff):
    from petitions.workflow import TransitionError

    topic = topic_at("proposed")
    with pytest.raises(TransitionError, match="只有已确定的课题可以公开。"):
        services.topic_publish(by=office_staff, topic_id=topic.pk)
    topic.refresh_from_db()
    assert topic.published_at is None
    assert topic.events.count() == 1


# --- staff pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "list_status", "detail_status"),
    [
        ("anonymous", 302, 302),
        ("office", 200, 200),
        ("lead", 200, 200),
        ("other_member", 200, 404),
        ("reviewer", 404, 404),
        ("liaison", 404, 404),
    ],
)
def test_who_reads_the_staff_pages(client, topic_at, who, list_status, detail_status, office_staff, lead, reviewer):
    topic = topic_at("adopted")
    users = {
        "office": office_staff,
        "lead": lead.user,
        "other_member": factories.MemberFactory().user,
        "reviewer": reviewer,
        "liaison": factories.UserFactory(roles=[Role.LIAISON_OFFICER]),
    }
    if who != "anonymous":
        client.force_login(users[who])
    assert client.get("/research/").status_code == list_status
    assert client.get(f"/research/{topic.pk}/").status_code == detail_status
    if who == "other_member":
        assert topic.title not in client.get("/research/").content.decode()


def test_the_list_costs_the_same_queries_for_2_and_20_topics(client, office_staff, django_assert_max_num_queries):
    client.force_login(office_staff)
    for i in range(2):
        services.topic_propose(by=office_staff, title=f"课题{i}", year=2026)
    with django_assert_max_num_queries(12) as two:
        assert client.get("/research/").status_code == 200
    for i in range(18):
        services.topic_propose(by=office_staff, title=f"课题{i}", year=2026)
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get("/research/")
    assert response.content.decode().count('class="list-group-item"') == 20


def test_office_staff_walk_a_topic_through_the_pages(client, office_staff, lead, group_member, cases):
    client.force_login(office_staff)
    response = client.post("/research/new/", {"title": "背街小巷改造", "year": "2026", "summary": ""})
    topic_pk = int(response["Location"].rstrip("/").split("/")[-1])
    client.post(
        f"/research/{topic_pk}/adopt/", {"adopt-lead": lead.pk, "adopt-members": [group_member.pk]}, follow=True
    )
    client.post(f"/research/{topic_pk}/start/")
    page = client.get(f"/research/{topic_pk}/").content.decode()
    assert "调研中" in page
    assert "李牵头" in page

    # and a bad form says why and changes nothing
    response = client.post(f"/research/{topic_pk}/outcomes/", {"kind": "policy", "title": "", "date": ""}, follow=True)
    assert "这个字段是必填项。" in response.content.decode() or "必填" in response.content.decode()


def test_a_file_is_downloaded_only_by_who_reads_the_topic(client, topic_at, office_staff, lead):
    topic = topic_at("report_submitted")
    report = topic.files.get()
    client.force_login(lead.user)
    response = client.get(reverse("topics:file", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(factories.MemberFactory().user)
    assert client.get(reverse("topics:file", args=[report.pk])).status_code == 404


def test_a_group_member_drafts_a_proposal_from_the_consulted_topic(client, topic_at, group_member):
    topic = topic_at("consulted")
    client.force_login(group_member.user)
    response = client.post(
        f"/research/{topic.pk}/proposals/new/",
        {"kind": "micro", "title": "关于规范广场音响的建议", "facts": "调研发现", "suggestion": "建议立法"},
    )
    proposal = topic.proposals.get()
    assert response["Location"] == f"/proposals/{proposal.pk}/"
    assert (proposal.status, proposal.author, proposal.petitions.count()) == ("draft", group_member, 0)
    assert topic.events.filter(type=EventType.PROPOSAL_LINKED).get().message == "形成建议“关于规范广场音响的建议”。"


def test_a_proposal_from_a_topic_goes_through_review_and_assignment_as_usual(
    client, topic_at, group_member, reviewer, department
):
    from proposals.services import proposal_accept, proposal_assign, proposal_submit

    # given a proposal drafted from a consulted topic
    topic = topic_at("consulted")
    proposal = services.topic_proposal_draft(
        by=group_member.user, topic_id=topic.pk, kind="micro", title="规范广场音响", facts="调研发现", suggestion="立规"
    )
    # when the member submits it and a reviewer accepts and assigns it
    proposal_submit(user=group_member.user, proposal_id=proposal.pk)
    proposal_accept(user=reviewer, proposal_id=proposal.pk)
    proposal_assign(user=reviewer, proposal_id=proposal.pk, lead_department=department)
    # then it is with the department, still linked to the topic, and its page says so
    proposal.refresh_from_db()
    assert (proposal.status, proposal.topic_id) == ("assigned", topic.pk)
    assert proposal.assignments.get().department == department
    client.force_login(reviewer)
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert f'href="/research/{topic.pk}/"' in page


def test_a_proposal_before_the_meeting_or_by_someone_outside_the_group_is_refused(topic_at, group_member, workstation):
    from petitions.workflow import ActionNotAllowed, TransitionError
    from proposals.models import Proposal

    values = {"kind": "micro", "title": "x", "facts": "y", "suggestion": "z"}
    topic = topic_at("report_submitted")
    with pytest.raises(TransitionError, match="课题经协商会议讨论后才能形成建议。"):
        services.topic_proposal_draft(by=group_member.user, topic_id=topic.pk, **values)
    outsider = factories.MemberFactory(workstations=[workstation])
    with pytest.raises(ActionNotAllowed, match="只有本课题调研组的委员可以起草课题建议。"):
        services.topic_proposal_draft(by=outsider.user, topic_id=topic.pk, **values)
    assert Proposal.objects.count() == 0
    assert topic.events.count() == 4


def test_the_timeline_reads_in_english_for_an_english_reader_and_as_stored_in_chinese(client, topic_at, office_staff):
    topic = topic_at("outcomes_recorded")
    client.force_login(office_staff)
    url = reverse("topics:detail", args=[topic.pk])

    chinese = client.get(url).content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "调研报告已报送。" in chinese
    assert "出台政策：夜间噪音管理办法。" in chinese
    assert "Research report submitted." in english
    assert "调研报告已报送。" not in english
    # the kind is translated; the title stays as the office wrote it
    assert f"{_english('出台政策')}: 夜间噪音管理办法." in english
    # a value that is one of the office's fixed words is read in English too
    assert f"{_english('议政性常委会议')}: 2026-05-20." in english


def _english(msgid):
    from django.utils import translation

    with translation.override("en"):
        return translation.gettext(msgid)
