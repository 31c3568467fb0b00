"""The topic candidates pages (/dashboard/topics/): what citizens raised most in a period, each count
opening its cases, the cases as an evidence pack (XLSX without personal data, a printable summary),
and, for office staff, the step that turns a candidate into a proposed research topic.

Who may look: office staff (petitions.view_statistics) everything, liaison officers their own
workstations (stats_scope, as the dashboard). The numbers come from stats.selectors.candidates."""

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from audit.choices import AccessKind
from audit.services import access_record
from common.replica import use_replica
from stats import selectors
from stats.exports import candidate_cases_xlsx, evidence_text
from stats.filters import PeriodKind, StatsFilterForm, form_show_period, stats_filter_from_form
from stats.selectors import candidates as candidate_selectors
from topics.permissions import MANAGE_TOPIC

audit = logging.getLogger("stats.audit")
EXPORT_LIMIT = 20000


def _filter(request):
    """(form, filter, tree) for this viewer, a year by default (a research topic is yearly);
    raises PermissionDenied for those without statistics."""
    scope = selectors.stats_scope(request.user)
    tree, ordered = selectors.workstation_tree()
    choices = selectors.filter_choices(scope=scope, ordered_workstations=ordered)
    data = request.GET.copy()
    if not data.get("period"):
        data["period"] = PeriodKind.YEAR
    form = StatsFilterForm(data, choices=choices)
    f = stats_filter_from_form(form, scope=scope, tree=tree)
    form_show_period(form, f)
    return form, f, tree


def _candidate(request, f, tree):
    dimension = request.GET.get("dim", "")
    try:
        value = candidate_selectors.candidate_value(dimension, request.GET.get("value", ""))
    except candidate_selectors.CandidateError:
        raise Http404 from None
    label = candidate_selectors.candidate_label(dimension, value)
    cases = candidate_selectors.candidate_cases(f=f, dimension=dimension, value=value, tree=tree, user=request.user)
    return dimension, value, label, cases


def _links(f, dimension: str, value) -> dict:
    """Query strings of the candidate's pages, this period and the same period a year before."""
    base = {**f.params, "period": f.params.get("period", f.kind)}
    this = urlencode({**base, "dim": dimension, "value": value})
    links = {"this": this, "previous": None}
    previous = candidate_selectors.previous_year(f)
    if previous is not None:
        # The year before as a custom range: the same days, whichever kind of period this is.
        links["previous"] = urlencode(
            {
                **{k: v for k, v in base.items() if k not in ("month", "year", "quarter")},
                "period": PeriodKind.CUSTOM,
                "start": previous.start.isoformat(),
                "end": previous.end.isoformat(),
                "dim": dimension,
                "value": value,
            }
        )
    return links


def _can_propose(user) -> bool:
    # Turning a candidate into a topic is the office's decision, not a liaison officer's.
    return user.has_perm(f"topics.{MANAGE_TOPIC}")


@login_required
@require_GET
@use_replica()
def topics(request):
    form, f, tree = _filter(request)
    found = candidate_selectors.candidates(f, tree=tree)
    sections = []
    for dimension, title in candidate_selectors.DIMENSIONS.items():
        rows = [{**row, "links": _links(f, dimension, row["key"])} for row in found["rows"][dimension]]
        sections.append({"dimension": dimension, "title": title, "rows": rows})
    context = {
        "form": form,
        "f": f,
        "qs": urlencode(f.params),
        "sections": sections,
        "previous": found["previous"],
        "categories": selectors.rising_categories(f, limit=10),
        "words": selectors.rising_words(f),
    }
    return render(request, "stats/topics.html", context)


@login_required
@require_GET
@use_replica()
def topic_cases(request):
    """The cases behind one candidate's count: the count on the candidates page is this list's."""
    form, f, tree = _filter(request)
    dimension, value, label, cases = _candidate(request, f, tree)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    # The text as the evidence pack has it: numbers a citizen typed into it masked (exports.evidence_text).
    rows = [{"p": p, "content": evidence_text(p.content), "location": evidence_text(p.location)} for p in page]
    links = _links(f, dimension, value)
    context = {
        "form": form,
        "f": f,
        "qs": urlencode(f.params),
        "page": page,
        "rows": rows,
        "count": page.paginator.count,
        "dimension": dimension,
        "dimension_title": candidate_selectors.DIMENSIONS[dimension],
        "value": value,
        "label": label,
        "links": links,
        "can_propose": _can_propose(request.user),
        "propose_title": gettext("关于“%(label)s”问题的调研") % {"label": label},
        "propose_year": f.end.year,
        "propose_summary": gettext("%(period)s群众反映%(dimension)s“%(label)s”的诉求 %(count)d 件。")
        % {
            "period": f.label,
            "dimension": candidate_selectors.DIMENSIONS[dimension],
            "label": label,
            "count": page.paginator.count,
        },
    }
    return render(request, "stats/topic_cases.html", context)


@login_required
@require_GET
@use_replica()
def topic_export(request):
    """The evidence pack's spreadsheet: the candidate's cases without personal data."""
    _form, f, tree = _filter(request)
    dimension, _value, label, cases = _candidate(request, f, tree)
    count = cases.count()
    audit.info("topic export user=%s dim=%s filter=%s", request.user.pk, dimension, f.params)
    access_record(
        kind=AccessKind.EXPORT,
        request=request,
        detail=f"topic candidate {dimension} {f.start:%Y-%m-%d}..{f.end:%Y-%m-%d}",
        row_count=min(count, EXPORT_LIMIT),
    )
    title = gettext("课题候选：%(dimension)s“%(label)s”") % {
        "dimension": candidate_selectors.DIMENSIONS[dimension],
        "label": label,
    }
    body = candidate_cases_xlsx(title=title, period_label=f.label, cases=cases, limit=EXPORT_LIMIT)
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="topic-{dimension}-{f.start:%Y%m%d}-{f.end:%Y%m%d}.xlsx"'
    return response


@login_required
@require_GET
@use_replica()
def topic_summary(request):
    """The evidence pack's printable page: the count against the year before, the cases month by
    month (both years), where they came from, and the latest cases (content masked)."""
    form, f, tree = _filter(request)
    dimension, value, label, cases = _candidate(request, f, tree)
    previous = candidate_selectors.previous_year(f)
    months = candidate_selectors.candidate_months(cases, f)
    before_cases = before_months = None
    if previous is not None:
        before_cases = candidate_selectors.candidate_cases(
            f=previous, dimension=dimension, value=value, tree=tree, user=request.user
        )
        before_months = candidate_selectors.candidate_months(before_cases, previous)
    count = sum(m["count"] for m in months)
    before_count = sum(m["count"] for m in before_months) if before_months is not None else None
    by_workstation = candidate_selectors.candidate_breakdown(cases, "workstation__name")
    by_category = candidate_selectors.candidate_breakdown(cases, "category__name")
    latest = [{"p": p, "content": evidence_text(p.content), "location": evidence_text(p.location)} for p in cases[:20]]
    chart_data = {
        "legend": {"this": f.label, "previous": previous.label if previous else "", "cases": gettext("件数")},
        "months": {
            "labels": [f"{m['month']:%m}" for m in months],
            "this": [m["count"] for m in months],
            "previous": [m["count"] for m in before_months] if before_months else [],
        },
        "workstations": {"labels": [n for n, _c in by_workstation], "counts": [c for _n, c in by_workstation]},
    }
    context = {
        "form": form,
        "f": f,
        "previous": previous,
        "dimension": dimension,
        "dimension_title": candidate_selectors.DIMENSIONS[dimension],
        "value": value,
        "label": label,
        "count": count,
        "before_count": before_count,
        "change": None if before_count is None else count - before_count,
        "by_workstation": by_workstation,
        "by_category": by_category,
        "latest": latest,
        "chart_data": chart_data,
        "links": _links(f, dimension, value),
    }
    return render(request, "stats/topic_summary.html", context)


def _source(dimension: str, label: str, f) -> str:
    """The row a topic came from, as the topic keeps it: "词语：停水 2026年"."""
    return f"{candidate_selectors.DIMENSIONS[dimension]}：{label} {f.label}"


@login_required
@require_POST
def topic_propose(request):
    """Office staff turn a candidate into a proposed research topic (topics.services.topic_propose,
    which checks topics.manage_topic itself), the candidate's cases linked as its evidence; then
    the topic's page. A bad title or year goes back to the list with the reason, nothing saved."""
    from petitions.workflow import ActionNotAllowed, TransitionError
    from topics.forms import ProposeForm
    from topics.services import topic_propose as propose

    if not _can_propose(request.user):
        raise PermissionDenied
    _form, f, tree = _filter(request)
    dimension, value, label, cases = _candidate(request, f, tree)
    back = f"{reverse('stats:topic_cases')}?{_links(f, dimension, value)['this']}"
    form = ProposeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        topic = propose(
            by=request.user,
            title=form.cleaned_data["title"],
            year=form.cleaned_data["year"],
            summary=form.cleaned_data["summary"],
            source=_source(dimension, label, f),
            petitions=cases,
        )
    except ActionNotAllowed:
        raise PermissionDenied from None
    except TransitionError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, gettext("已设为调研课题，关联诉求 %(count)d 件。") % {"count": topic.petitions.count()})
    url = topic.get_absolute_url() if hasattr(topic, "get_absolute_url") else reverse("topics:detail", args=[topic.pk])
    return redirect(url)
