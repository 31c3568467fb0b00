"""The department portal: a handler signs in and sees only their department's consultations and
assignments — or opens the signed, expiring link from the hand-off e-mail and sees that one item.
Views bind forms and call departments.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from departments import forms, services
from departments.permissions import has_handler_role, is_department_handler
from departments.selectors import (
    assignment_by_pk,
    assignments_for_handler,
    consultation_by_pk,
    consultations_for_handler,
)
from petitions.choices import ConsultationStatus
from petitions.workflow import TransitionError
from proposals.choices import AssignmentRole, AssignmentStatus

CONSULTATION_ACTIONS = ("answer",)
ASSIGNMENT_ACTIONS = ("acknowledge", "contest", "report", "extension")


@login_required
@never_cache
def portal_home(request):
    """`/dept/`: the signed-in handler's consultations and assignments."""
    if not has_handler_role(request.user):
        raise Http404
    return render(
        request,
        "departments/portal_home.html",
        {
            "consultations": consultations_for_handler(request.user),
            "assignments": assignments_for_handler(request.user),
        },
    )


def _item_context(kind, item, *, token=None):
    context = {"kind": kind, "item": item, "token": token}
    if kind == "consultation":
        context["can_answer"] = item.status == ConsultationStatus.PENDING
        context["answer_form"] = forms.AnswerForm()
    else:
        context["can_acknowledge"] = item.status == AssignmentStatus.PENDING
        context["can_report"] = item.status == AssignmentStatus.ACKNOWLEDGED
        context["can_extend"] = item.status in (AssignmentStatus.PENDING, AssignmentStatus.ACKNOWLEDGED)
        context["is_lead"] = item.role == AssignmentRole.LEAD
        context["contest_form"] = forms.ContestForm()
        context["report_form"] = forms.ReportForm()
        context["extension_form"] = forms.ExtensionForm()
    return context


def _load(kind, pk, user=None):
    """The item, if it exists and (when `user` is given) belongs to the user's department."""
    item = consultation_by_pk(pk) if kind == "consultation" else assignment_by_pk(pk)
    if item is None or (user is not None and not is_department_handler(user, item.department)):
        raise Http404
    return item


@never_cache
def item_detail(request, kind, pk):
    item = _load(kind, pk, user=request.user)
    return render(request, "departments/item.html", _item_context(kind, item))


@never_cache
def link_detail(request, token):
    """`/dept/link/<token>/`: the item named by a valid signed link; 404 for a bad or expired one."""
    parsed = services.portal_token_read(token)
    if parsed is None:
        raise Http404
    kind, pk = parsed
    item = _load(kind, pk)
    return render(request, "departments/item.html", _item_context(kind, item, token=token))


def _perform(request, kind, item, action, *, user, via_link) -> None:
    pk = item.pk
    if kind == "consultation" and action == "answer":
        form = forms.AnswerForm(request.POST)
        call = lambda d: services.consultation_answer(  # noqa: E731
            consultation_id=pk, answer=d["answer"], user=user, via_link=via_link
        )
        done = _("答复已提交。")
    elif kind == "assignment" and action == "acknowledge":
        form = forms.EmptyForm(request.POST)
        call = lambda d: services.assignment_acknowledge(assignment_id=pk, user=user, via_link=via_link)  # noqa: E731
        done = _("已签收。")
    elif kind == "assignment" and action == "contest":
        form = forms.ContestForm(request.POST)
        call = lambda d: services.assignment_contest(  # noqa: E731
            assignment_id=pk, reason=d["reason"], user=user, via_link=via_link
        )
        done = _("已退单，等待审核人员处理。")
    elif kind == "assignment" and action == "report":
        form = forms.ReportForm(request.POST, request.FILES)
        call = lambda d: services.assignment_report(  # noqa: E731
            assignment_id=pk, result=d["result"], files=d["files"], user=user, via_link=via_link
        )
        done = _("办理结果已反馈。")
    elif kind == "assignment" and action == "extension":
        form = forms.ExtensionForm(request.POST)
        call = lambda d: services.extension_request(  # noqa: E731
            assignment_id=pk, new_due_date=d["new_due_date"], reason=d["reason"], user=user, via_link=via_link
        )
        done = _("延期申请已提交。")
    else:
        raise Http404
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return
    try:
        call(form.cleaned_data)
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


@require_POST
def item_action(request, kind, pk, action):
    item = _load(kind, pk, user=request.user)
    _perform(request, kind, item, action, user=request.user, via_link=False)
    return redirect("departments:item", kind=kind, pk=pk)


@require_POST
def link_action(request, token, action):
    parsed = services.portal_token_read(token)
    if parsed is None:
        raise Http404
    kind, pk = parsed
    item = _load(kind, pk)
    signed_in_handler = is_department_handler(request.user, item.department)
    _perform(
        request,
        kind,
        item,
        action,
        user=request.user if signed_in_handler else None,
        via_link=not signed_in_handler,
    )
    return redirect("departments:link", token=token)
