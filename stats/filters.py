"""The filter every figure takes: a period and the dimensions of the dashboard, already narrowed to
what the viewer may see. Parsed once from the query string, for the page, the exports and the API
alike, so they cannot disagree about what "this quarter at Xiliuwan" means."""

import calendar
import datetime
from dataclasses import dataclass, field, replace

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from petitions.choices import Channel


class PeriodKind:
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"
    # 累计: from the first record (the earliest petition received, imported history included) to today.
    TO_DATE = "to_date"
    CHOICES = [
        (MONTH, _("月度")),
        (QUARTER, _("季度")),
        (YEAR, _("年度")),
        (TO_DATE, _("累计")),
        (CUSTOM, _("自定义")),
    ]


# The longest custom range: five years (leap days included).
MAX_CUSTOM_DAYS = 366 * 5


@dataclass(frozen=True)
class StatsFilter:
    """A period [start, end] (whole local days, both included) and optional dimensions.

    `workstation_ids` is None for "every workstation"; otherwise the exact set of workstation ids
    (a district already expanded to its descendants, and already cut down to the viewer's scope).
    """

    start: datetime.date
    end: datetime.date
    workstation_ids: frozenset[int] | None = None
    sector_id: int | None = None
    category_id: int | None = None
    department_id: int | None = None
    channel: str = ""
    member_id: int | None = None
    kind: str = PeriodKind.MONTH
    params: dict = field(default_factory=dict, compare=False)

    @property
    def start_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def end_before(self) -> datetime.datetime:
        """The first instant after the period."""
        return timezone.make_aware(datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min))

    @property
    def label(self) -> str:
        # In the reader's language: the page's title, the exports' header.
        if self.kind == PeriodKind.MONTH:
            return gettext("%(year)d年%(month)02d月") % {"year": self.start.year, "month": self.start.month}
        if self.kind == PeriodKind.QUARTER:
            return gettext("%(year)d年第%(quarter)d季度") % {
                "year": self.start.year,
                "quarter": (self.start.month - 1) // 3 + 1,
            }
        if self.kind == PeriodKind.YEAR:
            return gettext("%(year)d年") % {"year": self.start.year}
        if self.kind == PeriodKind.TO_DATE:
            return gettext("累计（%(start)s 至 %(end)s）") % {
                "start": f"{self.start:%Y-%m-%d}",
                "end": f"{self.end:%Y-%m-%d}",
            }
        return gettext("%(start)s 至 %(end)s") % {"start": f"{self.start:%Y-%m-%d}", "end": f"{self.end:%Y-%m-%d}"}

    def with_period(self, start: datetime.date, end: datetime.date) -> "StatsFilter":
        return replace(self, start=start, end=end, kind=PeriodKind.CUSTOM)

    @property
    def matches_nothing(self) -> bool:
        return self.workstation_ids is not None and not self.workstation_ids


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def period_bounds(kind: str, anchor: datetime.date) -> tuple[datetime.date, datetime.date]:
    if kind == PeriodKind.YEAR:
        return datetime.date(anchor.year, 1, 1), datetime.date(anchor.year, 12, 31)
    if kind == PeriodKind.QUARTER:
        first_month = (anchor.month - 1) // 3 * 3 + 1
        start = datetime.date(anchor.year, first_month, 1)
        return start, month_bounds(datetime.date(anchor.year, first_month + 2, 1))[1]
    return month_bounds(anchor)


QUARTERS = [(1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))]


class StatsFilterForm(forms.Form):
    """The filter bar. Choices are filled by the view from `stats.selectors.filter_choices`."""

    period = forms.ChoiceField(label=_("统计周期"), choices=PeriodKind.CHOICES, required=False)
    month = forms.CharField(label=_("月份"), required=False, widget=forms.TextInput(attrs={"type": "month"}))
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        required=False,
        coerce=int,
        choices=[("", "—"), *QUARTERS],
    )
    start = forms.DateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    workstation = forms.TypedChoiceField(label=_("工作室"), required=False, coerce=int, empty_value=None)
    sector = forms.TypedChoiceField(label=_("界别"), required=False, coerce=int, empty_value=None)
    category = forms.TypedChoiceField(label=_("类别"), required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(label=_("部门"), required=False, coerce=int, empty_value=None)
    channel = forms.ChoiceField(label=_("渠道"), required=False, choices=[("", _("全部")), *Channel.choices])

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        for name in ("workstation", "sector", "category", "department"):
            self.fields[name].choices = everything + list(choices[name])
        for form_field in self.fields.values():
            is_select = isinstance(form_field.widget, forms.Select)
            form_field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )

    def clean_month(self):
        raw = self.cleaned_data.get("month") or ""
        if not raw:
            return None
        try:
            return datetime.datetime.strptime(raw, "%Y-%m").date()  # noqa: DTZ007 - a calendar month, no time
        except ValueError:
            raise forms.ValidationError(_("月份格式应为 2026-01。")) from None

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if data.get("period") == PeriodKind.CUSTOM:
            if not start or not end:
                raise forms.ValidationError(_("自定义周期需要开始日期和结束日期。"))
            if end < start:
                raise forms.ValidationError(_("结束日期不能早于开始日期。"))
            if (end - start).days > MAX_CUSTOM_DAYS:
                raise forms.ValidationError(_("自定义周期最长五年，更长的时段请选择“累计”。"))
        return data


def stats_filter_from_form(form: StatsFilterForm, *, scope: frozenset[int] | None, tree: dict) -> StatsFilter:
    """Build the filter from a bound form (invalid fields fall back to the defaults: this month,
    everything in scope). `scope` is the viewer's workstations (None: all), `tree` maps a
    workstation id to its children's ids."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    kind = data.get("period") or PeriodKind.MONTH
    if kind == PeriodKind.CUSTOM:
        start, end = data["start"], data["end"]
    elif kind == PeriodKind.TO_DATE:
        start, end = first_record_day() or today, today
        start = min(start, today)
    elif kind == PeriodKind.YEAR:
        start, end = period_bounds(kind, datetime.date(data.get("year") or today.year, 1, 1))
    elif kind == PeriodKind.QUARTER:
        year = data.get("year") or today.year
        quarter = data.get("quarter") or (today.month - 1) // 3 + 1
        start, end = period_bounds(kind, datetime.date(year, quarter * 3 - 2, 1))
    else:
        start, end = month_bounds(data.get("month") or today)

    workstation_ids = scope
    if data.get("workstation"):
        subtree = workstation_subtree(data["workstation"], tree)
        workstation_ids = subtree if scope is None else subtree & scope
    params = {key: value for key, value in (form.data or {}).items() if key in form.fields and value not in ("", None)}
    return StatsFilter(
        start=start,
        end=end,
        workstation_ids=workstation_ids,
        sector_id=data.get("sector"),
        category_id=data.get("category"),
        department_id=data.get("department"),
        channel=data.get("channel") or "",
        kind=kind,
        params=params,
    )


def form_show_period(form: StatsFilterForm, f: StatsFilter) -> None:
    """Make the filter bar show the period the page shows: the default month on a bare URL, the
    year behind a month, the fallback month behind an invalid entry. The form has been validated
    already (its errors stay as they are); only what its inputs display changes."""
    shown = {"period": f.kind, "month": "", "year": "", "quarter": "", "start": "", "end": ""}
    if f.kind == PeriodKind.CUSTOM:
        shown.update(start=f.start.isoformat(), end=f.end.isoformat())
    elif f.kind == PeriodKind.TO_DATE:
        pass  # from the first record to today: nothing to pick
    else:
        shown["year"] = str(f.start.year)
        if f.kind == PeriodKind.MONTH:
            shown["month"] = f"{f.start:%Y-%m}"
        elif f.kind == PeriodKind.QUARTER:
            shown["quarter"] = str((f.start.month - 1) // 3 + 1)
    if form.is_bound:
        data = form.data.copy()
        for name, value in shown.items():
            data[name] = value
        form.data = data
    else:
        form.initial = {**form.initial, **shown}


def first_record_day() -> datetime.date | None:
    """The local date of the earliest petition received (any status: the record begins there),
    None before the first one. One index lookup (petitions are indexed by created_at)."""
    from petitions.models import Petition

    first = Petition.objects.order_by("created_at").values_list("created_at", flat=True).first()
    return timezone.localdate(first) if first else None


def workstation_subtree(root: int, tree: dict) -> frozenset[int]:
    """The workstation and all its descendants (a district includes its streets and communities)."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(tree.get(node, ()))
    return frozenset(seen)
