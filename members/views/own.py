"""Members' own pages: their duties, swap requests and the private iCalendar feed."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from members import feeds, selectors, services
from members.forms import SwapRequestForm, UnavailabilityForm
from members.models import DutySwapRequest
from members.services import RosterError

# --- Members -------------------------------------------------------------------------------------


def _member_or_404(request):
    member = selectors.member_for_user(request.user)
    if member is None:
        raise Http404
    return member


@require_GET
@login_required
def my_duties(request):
    member = _member_or_404(request)
    today = timezone.localdate()
    token = services.calendar_token_get_or_create(member=member)
    feed_url = request.build_absolute_uri(reverse("members:my_duties_ics")) + "?token=" + token.token
    context = {
        "member": member,
        "duties": selectors.member_duties(member=member, since=today),
        "swaps": selectors.swap_requests_of_member(member=member)[:20],
        "unavailable": selectors.member_unavailability(member=member, since=today),
        "unavailability_form": UnavailabilityForm(),
        "feed_url": feed_url,
        "today": today,
    }
    return render(request, "members/my_duties.html", context)


@login_required
def my_swap_request(request, pk):
    member = _member_or_404(request)
    today = timezone.localdate()
    duty = selectors.member_duties(member=member, since=today).filter(pk=pk).first()
    if duty is None:
        raise Http404
    form_kwargs = {
        "partners": selectors.swap_partners(duty=duty),
        "partner_duties": selectors.swap_partner_duties(duty=duty, since=today),
    }
    if request.method == "POST":
        form = SwapRequestForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                services.swap_request_create(
                    requester=member,
                    duty=duty,
                    target_member=form.cleaned_data["target_member"],
                    target_duty=form.cleaned_data["target_duty"],
                    reason=form.cleaned_data["reason"],
                )
            except RosterError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("换班申请已提交，等待联络员审批。"))
                return redirect("members:my_duties")
    else:
        form = SwapRequestForm(**form_kwargs)
    return render(request, "members/swap_request.html", {"duty": duty, "form": form})


@require_POST
@login_required
def my_swap_cancel(request, pk):
    member = _member_or_404(request)
    swap = DutySwapRequest.objects.filter(pk=pk, requester=member).first()
    if swap is None:
        raise Http404
    try:
        services.swap_request_cancel(requester=member, swap=swap)
    except RosterError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("换班申请已撤回。"))
    return redirect("members:my_duties")


@require_POST
@login_required
def my_unavailability_add(request):
    """A member enters dates they cannot take a duty; duties already published then are listed,
    for a swap request (they are not removed: the liaison officer arranges the roster)."""
    member = _member_or_404(request)
    form = UnavailabilityForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("members:my_duties")
    try:
        result = services.unavailability_add(member=member, **form.cleaned_data)
    except RosterError as exc:
        messages.error(request, exc.message)
        return redirect("members:my_duties")
    messages.success(request, _("已登记不可值班日期，排班时将避开。"))
    for duty in result.conflicts:
        when = duty.date.isoformat() if duty.date else duty.roster.month.strftime("%Y-%m")
        messages.warning(
            request,
            _("您在 %(when)s 已有值班（%(workstation)s），请申请换班。")
            % {"when": when, "workstation": duty.roster.workstation.name},
        )
    return redirect("members:my_duties")


@require_POST
@login_required
def my_unavailability_remove(request, pk):
    member = _member_or_404(request)
    try:
        services.unavailability_remove(member=member, pk=pk)
    except RosterError as exc:
        raise Http404 from exc
    messages.success(request, _("已删除这段不可值班日期。"))
    return redirect("members:my_duties")


@require_POST
@login_required
def my_feed_reset(request):
    member = _member_or_404(request)
    services.calendar_token_reset(member=member)
    messages.success(request, _("已生成新的日历订阅地址，旧地址立即失效。"))
    return redirect("members:my_duties")


@require_GET
def my_duties_ics(request):
    """The private iCalendar feed: no session, the token in the URL is the key; wrong token → 404."""
    member = selectors.member_by_feed_token(token=request.GET.get("token", ""))
    if member is None or not member.is_active:
        raise Http404
    since = timezone.localdate() - datetime.timedelta(days=90)
    body = feeds.duties_ical(member=member, duties=selectors.member_duties(member=member, since=since))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="duties.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
