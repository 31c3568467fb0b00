"""The staff petition list's filters (django-filter) and its orderings.

They narrow the rows of petitions.selectors.staff.staff_petition_list, which has already applied
who may see what; nothing here widens it. The search is the inbox's (`petition_search`), overdue is
the inbox's (`overdue_condition`): one rule each.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.choices import Channel, Status, Track
from petitions.models import Category, Consultation
from petitions.selectors.staff import overdue_condition, petition_search
from petitions.slots import petitions_assigned_to_department
from workstations.models import Workstation


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight of `day` in the office's time zone: a date range on created_at that can use its index."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole number a bigint holds (a NumberFilter takes 1.5 and 10**30)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class StaffPetitionFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, distinct=False, help_text=_("状态，可重复：status=received&status=assigned")
    )
    track = django_filters.TypedChoiceFilter(choices=Track.choices, coerce=int, help_text=_("办理方式（1–4）"))
    workstation = django_filters.ModelChoiceFilter(
        queryset=Workstation.objects.all(), to_field_name="code", help_text=_("工作室代码")
    )
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), to_field_name="code", help_text=_("诉求类别代码")
    )
    member = IdFilter(field_name="assigned_member_id", help_text=_("承办委员编号"))
    department = IdFilter(
        method="filter_department", help_text=_("部门编号：向该部门咨询过的，或其建议交办给该部门的诉求")
    )
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", help_text=_("期限不晚于（含）"))
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", help_text=_("期限不早于（含）"))
    # A choice, not django-filter's BooleanFilter: that one reads "maybe" as no filter at all.
    overdue = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_overdue",
        help_text=_("true：未办结且已过当前环节期限；false：其余"),
    )
    created_after = django_filters.DateFilter(method="filter_created_after", help_text=_("提交日期不早于（含）"))
    created_before = django_filters.DateFilter(method="filter_created_before", help_text=_("提交日期不晚于（含）"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, help_text=_("渠道"))
    q = django_filters.CharFilter(
        method="filter_search", max_length=100, help_text=_("搜索：内容、类别，或查询码（完整或至少 4 位前缀）")
    )

    def filter_department(self, queryset, name, value):
        department_id = int(value)
        consulted = Consultation.objects.filter(department_id=department_id).values("petition_id")
        assigned = petitions_assigned_to_department(department_id=department_id)
        return queryset.filter(Q(pk__in=consulted) | Q(pk__in=assigned))

    def filter_overdue(self, queryset, name, value):
        condition = overdue_condition(today=timezone.localdate())
        return queryset.filter(condition) if value == "true" else queryset.exclude(condition)

    def filter_created_after(self, queryset, name, value):
        if value <= datetime.date.min + datetime.timedelta(days=1):
            return queryset  # the first day there is: every case
        return queryset.filter(created_at__gte=_start_of(value))

    def filter_created_before(self, queryset, name, value):
        if value >= datetime.date.max - datetime.timedelta(days=1):
            return queryset  # the last day there is: every case
        return queryset.filter(created_at__lt=_start_of(value + datetime.timedelta(days=1)))

    def filter_search(self, queryset, name, value):
        return petition_search(petitions=queryset, query=value)


# What `ordering` may be: the name a client sends -> the order_by of the cursor (the first field is
# the cursor's position, the id breaks ties). Each reads an index at 1,000,000 petitions; an order
# on updated_at is not offered (no index: a sort of every visible row). The due_date orders list
# the cases that have a deadline (DUE_ORDERINGS): a cursor cannot stand on NULL, and "what is due"
# is what they are for.
ORDERINGS = {
    "-created_at": ("-created_at", "-id"),
    "created_at": ("created_at", "id"),
    "due_date": ("due_date", "id"),
    "-due_date": ("-due_date", "-id"),
}
DUE_ORDERINGS = frozenset({"due_date", "-due_date"})
DEFAULT_ORDERING = "-created_at"
