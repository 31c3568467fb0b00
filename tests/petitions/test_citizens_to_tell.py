"""Which citizens are told about a case (petitions.selectors.citizens_to_tell), and a reply telling
them. The same tests run on SQLite too (tests/sqlite/), the database `make run` uses."""

import pytest

from petitions.choices import Status, Track
from petitions.selectors import citizens_to_tell, petition_citizen_phones
from petitions.services.handling import petition_merge, petition_reply
from tests import factories
from tests.workflow_helpers import assigned_petition, triaged_petition

pytestmark = pytest.mark.django_db


def test_a_case_tells_its_citizen_and_its_joiners_but_not_the_anonymous_or_unconsenting(workstation):
    # given a case, a citizen merged into it, an anonymous joiner and one who gave no consent (the
    # database keeps both without contact data), a joiner still open and an unrelated case
    case = factories.PetitionFactory(workstation=workstation, citizen_phone="13800138000")
    joiner = factories.PetitionFactory(
        workstation=workstation, citizen_phone="13900139000", merged_into=case, status=Status.MERGED
    )
    anonymous = {"citizen_name": "", "citizen_phone": "", "merged_into": case, "status": Status.MERGED}
    factories.PetitionFactory(workstation=workstation, is_anonymous=True, **anonymous)
    factories.PetitionFactory(workstation=workstation, consent_given=False, **anonymous)
    factories.PetitionFactory(workstation=workstation, citizen_phone="13700137000", merged_into=case)
    factories.PetitionFactory(workstation=workstation, citizen_phone="13500135000")

    # when asked whom to tell about the case
    told = citizens_to_tell(petition_ids=[case.pk])

    # then the case's citizen and the merged, consenting joiner, each with their own code, oldest first
    assert told == [(case.tracking_code, "13800138000"), (joiner.tracking_code, "13900139000")]
    assert petition_citizen_phones(petition=case) == ["13800138000", "13900139000"]


def test_an_anonymous_case_tells_nobody(workstation):
    case = factories.PetitionFactory(workstation=workstation, is_anonymous=True, citizen_name="", citizen_phone="")
    assert citizens_to_tell(petition_ids=[case.pk]) == []
    assert citizens_to_tell(petition_ids=[]) == []


def test_a_reply_sends_each_citizen_an_sms_with_their_tracking_code(
    member, workstation, notifications, django_capture_on_commit_callbacks
):
    # given a case in track 2 and a duplicate merged into it by the member
    case = triaged_petition(member, workstation, Track.ANSWER)
    duplicate = assigned_petition(member, workstation, citizen_phone="13900139000")
    petition_merge(user=member.user, petition_id=duplicate.pk, into_id=case.pk)

    # when the member replies and the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        petition_reply(user=member.user, petition_id=case.pk, message="已联系城管部门，今晚起九点后停止播放音乐。")

    # then both citizens got an SMS naming their own tracking code
    assert sorted((n.channel, n.recipient, n.body) for n in notifications) == [
        (
            "sms",
            "13800138000",
            f"【委员工作室】您的诉求（查询码 {case.tracking_code}）：已联系城管部门，今晚起九点后停止播放音乐。",
        ),
        (
            "sms",
            "13900139000",
            f"【委员工作室】您的诉求（查询码 {duplicate.tracking_code}）：已联系城管部门，今晚起九点后停止播放音乐。",
        ),
    ]
