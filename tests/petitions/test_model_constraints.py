import pytest
from django.db import IntegrityError, transaction

from handoffs.models import Delivery
from petitions.choices import EventType, Status
from petitions.events import event_write
from petitions.models import TRACKING_ALPHABET, Petition, PetitionEvent, new_tracking_code, normalize_tracking_code
from proposals.choices import AssignmentRole
from tests import factories


def test_tracking_codes_avoid_look_alike_characters_and_carry_over_50_bits():
    import math

    codes = {new_tracking_code() for _ in range(2000)}

    assert len(codes) == 2000
    assert not set("".join(codes)) & set("0O1IL")
    assert math.log2(len(TRACKING_ALPHABET)) * len(next(iter(codes))) > 50


def test_a_typed_tracking_code_is_read_back_whatever_its_case_and_dashes():
    assert normalize_tracking_code(" abcd-efgh-jkmn ") == "ABCDEFGHJKMN"


@pytest.mark.django_db
def test_tracking_codes_are_unique_in_the_database():
    first = factories.PetitionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PetitionFactory(tracking_code=first.tracking_code)

    assert Petition.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"is_anonymous": True, "citizen_phone": "13800138000"}, "petition_anonymous_has_no_contact"),
        ({"consent_given": False, "citizen_name": "张三", "citizen_phone": ""}, "petition_contact_needs_consent"),
        ({"status": Status.MERGED}, "petition_merged_has_target"),
        ({"outcome": "solved", "status": Status.ASSIGNED}, "petition_outcome_only_when_replied"),
        ({"satisfaction": "satisfied", "status": Status.REPLIED}, "petition_rated_only_after_close"),
    ],
)
def test_petition_invariants_hold_in_the_database(fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        factories.PetitionFactory(**fields)

    assert Petition.objects.count() == 0


@pytest.mark.django_db
def test_an_anonymous_petition_without_contact_data_is_accepted():
    petition = factories.PetitionFactory(is_anonymous=True, citizen_name="", citizen_phone="", consent_given=False)

    assert petition.pk is not None


@pytest.mark.django_db
def test_events_are_append_only():
    petition = factories.PetitionFactory()
    event = event_write(petition=petition, type=EventType.SUBMITTED, to_status=Status.RECEIVED, public=True)

    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        PetitionEvent.objects.filter(pk=event.pk).update(message="changed")
    with pytest.raises(TypeError, match="append-only"):
        PetitionEvent.objects.filter(pk=event.pk).delete()

    assert PetitionEvent.objects.get().message == ""


@pytest.mark.django_db
def test_a_proposal_has_one_lead_department_and_each_department_once():
    lead = factories.ProposalAssignmentFactory(role=AssignmentRole.LEAD)
    proposal = lead.proposal

    with pytest.raises(IntegrityError, match="assignment_one_lead_per_proposal"), transaction.atomic():
        factories.ProposalAssignmentFactory(proposal=proposal, role=AssignmentRole.LEAD)
    with pytest.raises(IntegrityError, match="assignment_one_per_department"), transaction.atomic():
        factories.ProposalAssignmentFactory(proposal=proposal, department=lead.department, role=AssignmentRole.CO)

    co = factories.ProposalAssignmentFactory(proposal=proposal, role=AssignmentRole.CO)
    assert set(proposal.assignments.values_list("pk", flat=True)) == {lead.pk, co.pk}


@pytest.mark.django_db
def test_an_outbox_row_names_exactly_one_subject():
    assignment = factories.ProposalAssignmentFactory()

    with pytest.raises(IntegrityError, match="delivery_has_exactly_its_subject"), transaction.atomic():
        Delivery.objects.create(
            kind="consultation", department=assignment.department, channel="in_app", assignment=assignment
        )

    assert Delivery.objects.count() == 0


@pytest.mark.django_db
def test_the_database_refuses_to_rewrite_or_delete_an_event_even_by_raw_sql():
    from django.db import connection

    petition = factories.PetitionFactory()
    event = event_write(petition=petition, type=EventType.SUBMITTED, to_status=Status.RECEIVED, public=True)

    for statement in (
        "UPDATE petitions_petitionevent SET message = 'changed' WHERE id = %s",
        "DELETE FROM petitions_petitionevent WHERE id = %s",
    ):
        with pytest.raises(Exception, match="petitions_petitionevent is append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])

    assert PetitionEvent.objects.get().message == ""
