"""ETag and If-None-Match on the detail reads of every area (common.etag): the same read again with
the tag it was given is a bodiless 304; once the object changes, the old tag gets the new body."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.workflow_helpers import submitted_proposal

pytestmark = pytest.mark.django_db


def _details(cast):
    """(role, url, change): a detail read of each area, and a change that alters what it shows."""
    assignment = factories.ProposalAssignmentFactory(
        department=cast.department, proposal__workstation=cast.workstation, proposal__title="河堤广场噪音"
    )
    consultation = factories.ConsultationFactory(department=cast.department, petition__workstation=cast.workstation)
    entry = factories.KnowledgeEntryFactory(title="噪声污染防治法要点")
    proposal = submitted_proposal(cast.users["member"].member, cast.workstation)
    today = timezone.localdate()
    roster = factories.DutyRosterFactory(workstation=cast.workstation, month=today.replace(day=1))

    def retitle(model, obj, **values):
        return lambda: model.objects.filter(pk=obj.pk).update(**values)

    def rename(workstation, name):  # saved as the admin saves it, so the public pages' cache hears of it
        workstation.name = name
        workstation.save()

    return [
        (
            "handler",
            reverse("api:department-assignment-detail", kwargs={"pk": assignment.pk}),
            retitle(type(assignment), assignment, due_date=today.replace(year=today.year + 1)),
        ),
        (
            "handler",
            reverse("api:department-consultation-detail", kwargs={"pk": consultation.pk}),
            retitle(type(consultation), consultation, question="噪声多少分贝算超标？"),
        ),
        (
            "member",
            reverse("api:knowledge-detail", kwargs={"pk": entry.pk}),
            retitle(type(entry), entry, title="新"),
        ),
        (
            "member",
            reverse("api:proposal-detail", kwargs={"pk": proposal.pk}),
            retitle(type(proposal), proposal, title="新"),
        ),
        (
            "anonymous",
            reverse("api:workstation-detail", kwargs={"code": cast.workstation.code}),
            lambda: rename(cast.workstation, "西流湾社区委员工作室（新址）"),
        ),
        (
            "officer",
            reverse(
                "api:roster-month", kwargs={"code": cast.workstation.code, "year": today.year, "month": today.month}
            ),
            lambda: factories.DutyAssignmentFactory(roster=roster, member=cast.users["member"].member, date=today),
        ),
    ]


def test_every_detail_read_answers_304_to_its_own_tag_and_200_once_it_changed(call, cast):
    for role, url, change in _details(cast):
        first = call(role, "get", url)
        assert first.status_code == 200, (url, first.content)
        tag = first["ETag"]
        assert tag.startswith('W/"'), url
        assert "no-cache" in first["Cache-Control"]
        assert "private" in first["Cache-Control"]

        again = call(role, "get", url, HTTP_IF_NONE_MATCH=tag)
        assert (again.status_code, again.content, again["ETag"]) == (304, b"", tag), url

        change()
        changed = call(role, "get", url, HTTP_IF_NONE_MATCH=tag)
        assert changed.status_code == 200, url
        assert changed["ETag"] != tag, url
