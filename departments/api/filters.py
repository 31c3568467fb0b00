"""Query parameters of the department queue (django-filter): by status and by due date."""

import django_filters

from petitions.choices import ConsultationStatus
from petitions.models import Consultation
from proposals.choices import AssignmentRole, AssignmentStatus
from proposals.models import ProposalAssignment


class ConsultationQueueFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ConsultationStatus.choices)
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label="due on or before")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label="due on or after")

    class Meta:
        model = Consultation
        fields = ["status", "due_before", "due_after"]


class AssignmentQueueFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=AssignmentStatus.choices)
    role = django_filters.ChoiceFilter(choices=AssignmentRole.choices)
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label="due on or before")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label="due on or after")

    class Meta:
        model = ProposalAssignment
        fields = ["status", "role", "due_before", "due_after"]
