import pytest
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext

from common.db import insert_with_children
from petitions.choices import EventType, Status, Visibility
from petitions.events import event_build
from petitions.models import Petition, PetitionEvent
from tests import factories


def _petition(workstation):
    return factories.PetitionFactory.build(workstation=workstation, category=None, status=Status.RECEIVED)


def _event(type, **fields):
    return event_build(petition=None, type=type, to_status=Status.RECEIVED, **fields)


@pytest.mark.django_db
def test_parent_and_children_are_one_statement_and_come_back_saved(workstation):
    petition = _petition(workstation)
    events = [
        _event(EventType.SUBMITTED, message="第一条", data={"channel": "online", "名": "值"}),
        _event(EventType.QUEUED, message="第二条", public=True),
        _event(EventType.NOTE, message="第三条"),
    ]

    with CaptureQueriesContext(connection) as queries:
        insert_with_children(petition, events, fk_field="petition")

    assert len(queries) == 1
    saved = Petition.objects.get()
    assert petition.pk == saved.pk
    # in the order given, with their own ids, every column as written
    rows = list(PetitionEvent.objects.filter(petition=saved).order_by("id"))
    assert [e.pk for e in rows] == [e.pk for e in events]
    assert [e.message for e in rows] == ["第一条", "第二条", "第三条"]
    assert rows[0].data == {"channel": "online", "名": "值"}
    assert [e.visibility for e in rows] == [Visibility.INTERNAL, Visibility.PUBLIC, Visibility.INTERNAL]
    # and they are saved objects: a later save updates rather than inserts
    petition.location = "河堤广场"
    petition.save(update_fields=["location"])
    assert Petition.objects.get().location == "河堤广场"
    assert all(not event._state.adding and event.petition_id == saved.pk for event in events)


@pytest.mark.django_db(transaction=True)
def test_a_child_the_database_refuses_leaves_no_parent(workstation):
    events = [_event(EventType.SUBMITTED), _event(EventType.QUEUED, actor_label="长" * 101)]

    with pytest.raises(DataError):
        insert_with_children(_petition(workstation), events, fk_field="petition")

    assert Petition.objects.count() == 0
    assert PetitionEvent.objects.count() == 0
