"""Proposal pages: the member drafts, edits, submits and confirms; the reviewer's queue, decisions
and the progress of every department. Views bind forms and call services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from petitions.models import Petition
from petitions.selectors.staff import petition_get_for_user
from petitions.workflow import TransitionError
from proposals import forms, services
from proposals.models import ResultAttachment
from proposals.selectors import (
    contested_assignments,
    department_progress,
    pending_extensions,
    proposal_get_for_user,
    review_queue,
)
from proposals.slots import department_handler_check
from workstations.permissions import user_body


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _run(request, call, done: str) -> bool:
    try:
        call()
    except TransitionError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, done)
    return True


def _back(request, proposal):
    """Back to the proposal page, or to the case page a form there was posted from (`next`)."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("proposals:detail", pk=proposal.pk)


def _own_body_id(user):
    """The reviewer's body (its departments are the ones they may pick); None for a superuser."""
    if user.is_superuser:
        return None
    body = user_body(user)
    return body.pk if body is not None else 0


def _require_reviewer_page(user) -> None:
    if not services.is_reviewer(user):
        raise Http404


@never_cache
def proposal_new(request):
    """`/proposals/new/?petition=<pk>`: draft a proposal from a case in track 4."""
    petition = petition_get_for_user(user=request.user, pk=request.GET.get("petition") or 0)
    form = forms.ProposalForm(
        request.POST or None, initial={"title": "", "kind": "micro"}, body=petition.workstation.body
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_draft(
                user=request.user,
                petition_ids=[petition.pk],
                kind=data["kind"],
                title=data["title"],
                facts=data["facts"],
                suggestion=data["suggestion"],
                suggested_department=data["suggested_department"],
                livelihood_type=data["livelihood_type"],
            )
        except TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("建议草稿已保存。"))
            return redirect("proposals:detail", pk=proposal.pk)
    return render(request, "proposals/proposal_form.html", {"form": form, "petition": petition})


@never_cache
def proposal_detail(request, pk):
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    member = services.member_for(request.user)
    is_author = member is not None and proposal.author_id == member.pk
    reviewer = services.is_reviewer(request.user)
    edit_form = None
    gradeable = services.gradeable_assignments(proposal)
    if is_author and proposal.status in ("draft", "returned"):
        edit_form = forms.ProposalForm(
            initial={
                "kind": proposal.kind,
                "title": proposal.title,
                "facts": proposal.facts,
                "suggestion": proposal.suggestion,
                "suggested_department": proposal.suggested_department_id,
                "livelihood_type": proposal.livelihood_type,
            },
            body=proposal.workstation.body,
        )
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "is_author": is_author,
            "reviewer": reviewer,
            "edit_form": edit_form,
            "accept_form": forms.AcceptForm(),
            "return_form": forms.ReturnForm(),
            "assign_form": forms.AssignForm(
                initial={"lead_department": proposal.suggested_department_id}, body_id=proposal.body_id
            ),
            "decides": reviewer and services.acts_for_body(request.user, proposal.body_id),
            "forward_form": forms.ForwardForm(),
            "confirm_form": forms.ConfirmForm(assignments=gradeable),
            "grade_form": forms.GradeForm(assignments=gradeable),
            "resolve_form": forms.ResolveContestForm(body_id=proposal.body_id),
            "extension_form": forms.ExtensionDecisionForm(),
        },
    )


@require_POST
def proposal_edit(request, pk):
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    form = forms.ProposalForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    elif "resubmit" in request.POST:
        # Answering a return: the revised text and the new submission in one service.
        _run(
            request,
            lambda: services.proposal_resubmit(user=request.user, proposal_id=proposal.pk, **form.cleaned_data),
            _("建议已修改并重新提交审核。"),
        )
    else:
        _run(
            request,
            lambda: services.proposal_update(user=request.user, proposal_id=proposal.pk, **form.cleaned_data),
            _("建议已保存。"),
        )
    return _back(request, proposal)


@require_POST
def proposal_submit(request, pk):
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    _run(request, lambda: services.proposal_submit(user=request.user, proposal_id=proposal.pk), _("建议已提交审核。"))
    return _back(request, proposal)


@require_POST
def proposal_withdraw(request, pk):
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    _run(
        request,
        lambda: services.proposal_withdraw(user=request.user, proposal_id=proposal.pk),
        _("建议已撤回，相关诉求回到您的工作台。"),
    )
    return redirect("proposals:detail", pk=proposal.pk)


@require_POST
def proposal_add_petition(request, petition_pk):
    """Add a case (track 4) to one of the member's open proposals."""
    petition = petition_get_for_user(user=request.user, pk=petition_pk)
    form = forms.AddPetitionForm(request.POST)
    if not form.is_valid():
        raise Http404
    proposal = proposal_get_for_user(user=request.user, pk=form.cleaned_data["proposal"])
    _run(
        request,
        lambda: services.proposal_add_petition(user=request.user, proposal_id=proposal.pk, petition_id=petition.pk),
        _("已纳入建议。"),
    )
    return redirect("proposals:detail", pk=proposal.pk)


@require_POST
def proposal_confirm(request, pk):
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    form = forms.ConfirmForm(request.POST, assignments=services.gradeable_assignments(proposal))
    if form.is_valid():
        _run(
            request,
            lambda: services.proposal_confirm(user=request.user, proposal_id=proposal.pk, **form.service_kwargs()),
            _("已确认办理结果并答复群众。"),
        )
    else:
        _form_errors(request, form)
    return _back(request, proposal)


@require_POST
def review_grade(request, pk):
    """A reviewer of the reviewing body grades (or corrects the grades of) a closed proposal's
    departments."""
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    form = forms.GradeForm(request.POST, assignments=services.gradeable_assignments(proposal))
    if form.is_valid():
        _run(
            request,
            lambda: services.proposal_grade(user=request.user, proposal_id=proposal.pk, grades=form.grades()),
            _("已保存对承办部门的评定。"),
        )
    else:
        _form_errors(request, form)
    return _back(request, proposal)


# --- reviewer ------------------------------------------------------------------------------------


@login_required
@never_cache
def review_queue_page(request):
    """`/review/`: proposals waiting for a decision or an assignment, contests and extensions."""
    _require_reviewer_page(request.user)
    return render(
        request,
        "proposals/review_queue.html",
        {
            "proposals": review_queue(user=request.user),
            "contests": contested_assignments(user=request.user),
            "extensions": pending_extensions(user=request.user),
            "resolve_form": forms.ResolveContestForm(body_id=_own_body_id(request.user)),
            "extension_form": forms.ExtensionDecisionForm(),
        },
    )


@login_required
@never_cache
def department_progress_page(request):
    _require_reviewer_page(request.user)
    return render(
        request, "proposals/department_progress.html", {"departments": department_progress(user=request.user)}
    )


@login_required
@require_POST
def review_accept(request, pk):
    _require_reviewer_page(request.user)
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    form = forms.AcceptForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.proposal_accept(user=request.user, proposal_id=proposal.pk, **form.cleaned_data),
            _("建议已审核通过。"),
        )
    return redirect("proposals:detail", pk=proposal.pk)


@login_required
@require_POST
def review_return(request, pk):
    _require_reviewer_page(request.user)
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    form = forms.ReturnForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.proposal_return(
                user=request.user, proposal_id=proposal.pk, reason=form.cleaned_data["reason"]
            ),
            _("建议已退回委员修改。"),
        )
    else:
        _form_errors(request, form)
    return redirect("proposals:detail", pk=proposal.pk)


@login_required
@require_POST
def review_forward(request, pk):
    """转报: send a submitted proposal up to the body above, whose reviewers decide it then."""
    _require_reviewer_page(request.user)
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    form = forms.ForwardForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.proposal_forward(
                user=request.user, proposal_id=proposal.pk, reason=form.cleaned_data["reason"]
            ),
            _("建议已转报上级政协。"),
        )
    else:
        _form_errors(request, form)
    return redirect("proposals:detail", pk=proposal.pk)


@login_required
@require_POST
def review_assign(request, pk):
    _require_reviewer_page(request.user)
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    form = forms.AssignForm(request.POST, body_id=proposal.body_id)
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.proposal_assign(
                user=request.user,
                proposal_id=proposal.pk,
                lead_department=data["lead_department"],
                co_departments=list(data["co_departments"]),
                due_date=data["due_date"],
            ),
            _("建议已交办。"),
        )
    else:
        _form_errors(request, form)
    return redirect("proposals:detail", pk=proposal.pk)


@login_required
@require_POST
def review_resolve_contest(request, assignment_pk):
    _require_reviewer_page(request.user)
    form = forms.ResolveContestForm(request.POST, body_id=_own_body_id(request.user))
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.assignment_contest_resolve(
                user=request.user,
                assignment_id=assignment_pk,
                decision=data["decision"],
                department=data["department"],
                note=data["note"],
            ),
            _("退单已处理。"),
        )
    else:
        _form_errors(request, form)
    return redirect("proposals:review_queue")


@login_required
@require_POST
def review_decide_extension(request, extension_pk):
    _require_reviewer_page(request.user)
    form = forms.ExtensionDecisionForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.extension_decide(
                user=request.user,
                extension_id=extension_pk,
                grant=form.cleaned_data["grant"],
                note=form.cleaned_data["note"],
            ),
            _("延期申请已审批。"),
        )
    else:
        _form_errors(request, form)
    return redirect("proposals:review_queue")


# --- attachments ---------------------------------------------------------------------------------


@never_cache
def attachment_download(request, pk):
    """A result attachment, always as a download: for the department's handlers, reviewers, and
    whoever may see a case behind the proposal."""
    attachment = ResultAttachment.objects.select_related("assignment__department").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    assignment = attachment.assignment
    allowed = (
        department_handler_check(request.user, assignment.department)
        or services.is_reviewer(request.user)
        or Petition.objects.visible_to(request.user).filter(proposals=assignment.proposal_id).exists()
    )
    if not allowed:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
