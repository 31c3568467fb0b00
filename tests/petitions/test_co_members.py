"""Co-members (协办委员): the lead or the liaison officer invites members of other sectors to a case;
they see it in their inbox's 协办 tab, see the citizen's contact, add notes and replies, and the
lead keeps triage, close and the rest."""

import pytest
from django.urls import reverse

from accounts.models import StaffNotification
from petitions.choices import EventType, Status, Track
from petitions.models import CaseCoMember
from petitions.services.comembers import petition_co_member_invite, petition_co_member_remove
from petitions.services.handling import petition_close, petition_note_add, petition_reply, petition_triage
from petitions.workflow import ActionNotAllowed, TransitionError
from tests import factories
from tests.workflow_helpers import assigned_petition, snapshot, triaged_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def engineer(other_workstation):
    """A member of another workstation and another sector: the one the lead needs."""
    return factories.MemberFactory(
        user__username="engineer", user__full_name="王工程", sector__name="科技界", workstations=[other_workstation]
    )


def test_lead_invites_a_member_of_another_sector_who_is_told_and_sees_the_case(
    client, member, workstation, engineer, django_capture_on_commit_callbacks
):
    # given a case of the lead's workstation
    petition = triaged_petition(member, workstation, Track.ANSWER)
    client.force_login(engineer.user)
    assert client.get(reverse("casework:case_detail", args=[petition.pk])).status_code == 404

    # when the lead invites the engineer from the case page
    client.force_login(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("casework:case_invite", args=[petition.pk]), {"member": engineer.pk, "note": "路面硬化需要专业意见"}
        )

    # then the engineer is a co-member, the timeline says so, and the engineer is told (no citizen named)
    assert response.status_code == 302
    row = CaseCoMember.objects.get()
    assert (row.member, row.invited_by, row.note) == (engineer, member.user, "路面硬化需要专业意见")
    event = petition.events.get(type=EventType.CO_MEMBER_INVITED)
    assert event.message == "邀请王工程（科技界）协办。"
    notice = StaffNotification.objects.get(user=engineer.user)
    assert notice.link == f"/cases/{petition.pk}/"
    assert "张三" not in notice.body
    assert "13800138000" not in notice.body

    # and the engineer opens the case with the citizen's contact, and finds it in the 协办 tab
    client.force_login(engineer.user)
    page = client.get(reverse("casework:case_detail", args=[petition.pk])).content.decode()
    assert "张三 13800138000" in page
    assert 'id="reply-form"' in page
    assert 'id="reply-close-submit"' not in page
    assert 'id="triage-form"' not in page
    inbox = client.get(reverse("casework:inbox"), {"view": "co_handling"})
    assert [p.pk for p in inbox.context["page"]] == [petition.pk]
    assert list(client.get(reverse("casework:inbox"), {"view": "mine"}).context["page"]) == []


def test_the_invite_picker_shows_name_and_sector_and_leaves_out_the_lead(client, member, workstation, engineer):
    petition = assigned_petition(member, workstation)
    client.force_login(member.user)
    page = client.get(reverse("casework:case_detail", args=[petition.pk])).content.decode()
    assert "王工程（科技界）" in page
    choices = client.get(reverse("casework:case_detail", args=[petition.pk])).context["forms"]["invite"]
    assert member not in choices.fields["member"].queryset


def test_a_co_member_replies_and_notes_but_the_lead_alone_triages_and_closes(member, workstation, engineer):
    petition = triaged_petition(member, workstation, Track.ANSWER)
    petition_co_member_invite(user=member.user, petition_id=petition.pk, member=engineer)

    # when the co-member adds a note and replies to the citizen
    petition_note_add(user=engineer.user, petition_id=petition.pk, text="已现场查看，路面塌陷约20米")
    petition = petition_reply(user=engineer.user, petition_id=petition.pk, message="已协调住建局本月内硬化路面。")

    # then the reply stands in the co-member's name, and the lead is still the one assignee
    assert petition.status == Status.REPLIED
    assert petition.assigned_member == member
    assert petition.events.get(type=EventType.REPLIED).actor == engineer.user
    # but closing is the lead's
    before = snapshot()
    with pytest.raises(ActionNotAllowed):
        petition_close(user=engineer.user, petition_id=petition.pk, outcome="solved")
    assert snapshot() == before
    petition_close(user=member.user, petition_id=petition.pk, outcome="solved")


def test_a_co_member_cannot_triage(member, workstation, engineer):
    petition = assigned_petition(member, workstation)
    petition_co_member_invite(user=member.user, petition_id=petition.pk, member=engineer)
    before = snapshot()
    with pytest.raises(ActionNotAllowed):
        petition_triage(user=engineer.user, petition_id=petition.pk, track=Track.ANSWER)
    assert snapshot() == before


def test_the_liaison_officer_invites_and_removes(member, workstation, engineer, liaison_officer):
    petition = assigned_petition(member, workstation)
    petition_co_member_invite(user=liaison_officer, petition_id=petition.pk, member=engineer)
    petition_co_member_remove(user=liaison_officer, petition_id=petition.pk, member=engineer)
    assert CaseCoMember.objects.count() == 0
    assert list(petition.events.filter(type__startswith="co_member").values_list("type", flat=True)) == [
        EventType.CO_MEMBER_INVITED,
        EventType.CO_MEMBER_REMOVED,
    ]


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("engineer", "只有承办委员或本工作室联络员可以邀请或移除协办委员。"),
        ("colleague", "只有承办委员或本工作室联络员可以邀请或移除协办委员。"),
    ],
)
def test_others_may_not_invite(member, workstation, engineer, who, error):
    colleague = factories.MemberFactory(user__username="colleague", workstations=[workstation])
    petition = assigned_petition(member, workstation)
    user = {"engineer": engineer.user, "colleague": colleague.user}[who]
    before = snapshot()
    with pytest.raises(ActionNotAllowed) as refused:
        petition_co_member_invite(user=user, petition_id=petition.pk, member=colleague)
    assert str(refused.value.message) == error
    assert snapshot() == before
    assert CaseCoMember.objects.count() == 0


def test_the_lead_and_a_second_invitation_are_refused_with_a_reason(client, member, workstation, engineer):
    petition = assigned_petition(member, workstation)
    with pytest.raises(TransitionError, match="承办委员不必再邀请为协办委员。"):
        petition_co_member_invite(user=member.user, petition_id=petition.pk, member=member)
    petition_co_member_invite(user=member.user, petition_id=petition.pk, member=engineer)
    with pytest.raises(TransitionError, match="该委员已经是本件的协办委员。"):
        petition_co_member_invite(user=member.user, petition_id=petition.pk, member=engineer)
    # on the page: the picker refuses the same member with a friendly message, nothing saved
    client.force_login(member.user)
    response = client.post(reverse("casework:case_invite", args=[petition.pk]), {"member": engineer.pk}, follow=True)
    assert "所选委员不能邀请为协办委员。" in response.content.decode()
    assert CaseCoMember.objects.count() == 1


def test_a_co_member_may_leave(member, workstation, engineer):
    petition = assigned_petition(member, workstation)
    petition_co_member_invite(user=member.user, petition_id=petition.pk, member=engineer)
    petition_co_member_remove(user=engineer.user, petition_id=petition.pk, member=engineer)
    assert CaseCoMember.objects.count() == 0


def test_the_co_handling_inbox_costs_the_same_for_2_and_for_20_cases(
    client, member, workstation, engineer, django_assert_max_num_queries
):
    def inbox_queries(n):
        for _ in range(n):
            petition = assigned_petition(member, workstation)
            CaseCoMember.objects.create(petition=petition, member=engineer, invited_by=member.user)
        client.force_login(engineer.user)
        client.get(reverse("casework:inbox"))  # the navbar's notification count is cached after this
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("casework:inbox"), {"view": "co_handling"})
        assert response.status_code == 200
        return len(captured), len(response.context["page"])

    two = inbox_queries(2)
    twenty = inbox_queries(18)
    assert (two[1], twenty[1]) == (2, 20)
    assert twenty[0] == two[0]
    with django_assert_max_num_queries(two[0]):
        client.get(reverse("casework:inbox"), {"view": "co_handling"})
