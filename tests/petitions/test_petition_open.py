import pytest

from petitions.choices import EventType, Status
from petitions.events import event_build
from petitions.models import Petition, PetitionEvent
from petitions.workflow import TransitionError, petition_open
from tests import factories


def _new(workstation, **fields):
    return factories.PetitionFactory.build(workstation=workstation, category=factories.CategoryFactory(), **fields)


def _submitted():
    return event_build(petition=None, type=EventType.SUBMITTED, to_status=Status.RECEIVED, public=True)


@pytest.mark.django_db
def test_a_new_petition_is_born_assigned_to_the_member_on_duty_with_its_two_events(workstation, member):
    petition = _new(workstation, status=Status.ASSIGNED, assigned_member=member)
    assigned = event_build(
        petition=None, type=EventType.ASSIGNED, from_status=Status.RECEIVED, to_status=Status.ASSIGNED
    )

    petition_open(petition=petition, events=[_submitted(), assigned])

    saved = Petition.objects.get()
    assert (saved.status, saved.assigned_member) == (Status.ASSIGNED, member)
    assert list(saved.events.values_list("type", "from_status", "to_status")) == [
        (EventType.SUBMITTED, "", Status.RECEIVED),
        (EventType.ASSIGNED, Status.RECEIVED, Status.ASSIGNED),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": Status.CLOSED}, "新诉求不能处于“已办结”状态。"),
        ({"status": Status.ASSIGNED}, "已分派的诉求必须有承办委员。"),
        ({"status": Status.RECEIVED}, None),  # events ending in another state
    ],
)
def test_a_petition_cannot_be_born_in_a_state_the_machine_does_not_start_from(workstation, fields, reason):
    petition = _new(workstation, **fields)
    events = (
        [_submitted()]
        if reason
        else [
            _submitted(),
            event_build(petition=None, type=EventType.ASSIGNED, to_status=Status.ASSIGNED),
        ]
    )

    with pytest.raises(TransitionError) as refused:
        petition_open(petition=petition, events=events)

    assert str(refused.value.message) == (reason or "新诉求的记录必须以其当前状态结束。")
    assert Petition.objects.count() == 0
    assert PetitionEvent.objects.count() == 0
