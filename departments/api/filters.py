"""Query parameters of the department queue (django-filter): by status and by due date.

A status filter is a condition on the queue's own rows, so it needs no DISTINCT (django-filter's
MultipleChoiceFilter adds one by default, and at a province's size the DISTINCT over the joined
rows cost ~150 ms of a 2 ms page: bench/api_lists.py); the same holds for every status filter of
the API."""

import django_filters

from departments.models import Department
from petitions.choices import ConsultationStatus
from petitions.models import Consultation
from proposals.choices import AssignmentRole, AssignmentStatus
from proposals.models import ProposalAssignment


class ConsultationQueueFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ConsultationStatus.choices, distinct=False)
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label="due on or before")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label="due on or after")

    class Meta:
        model = Consultation
        fields = ["status", "due_before", "due_after"]


class AssignmentQueueFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=AssignmentStatus.choices, distinct=False)
    role = django_filters.ChoiceFilter(choices=AssignmentRole.choices)
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label="due on or before")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label="due on or after")

    class Meta:
        model = ProposalAssignment
        fields = ["status", "role", "due_before", "due_after"]


class DepartmentFilter(django_filters.FilterSet):
    body = django_filters.NumberFilter(field_name="body_id", label="CPPCC body id")
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Department
        fields = ["body", "is_active"]
