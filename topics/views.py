"""Topic pages: office staff's list and each topic's page with a form per step, the lead member's
activities, plan and report; the file downloads; the public page of a published topic. Views bind
forms and call services; who may do what is decided there (and shown here through may_*)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from petitions.workflow import TransitionError
from topics import forms, selectors, services
from topics.choices import OUTCOME_STATUSES, WORKING_STATUSES, Status
from topics.events import topic_event_text
from topics.models import Milestone
from topics.permissions import LEAD, OFFICE, actor_roles, is_office
from topics.workflow import may_move


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _step(request, pk, form, call, done: str):
    """Bind, call the service, say what happened, back to the topic's page."""
    selectors.topic_get_for_user(user=request.user, pk=pk)  # 404 for who may not read it
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
    else:
        _form_errors(request, form)
    return redirect("topics:detail", pk=pk)


@login_required
@never_cache
def topic_list(request):
    if not is_office(request.user) and selectors.member_of(request.user) is None:
        raise Http404
    topics = list(selectors.topic_list_for_user(user=request.user))
    form = forms.ProposeForm() if is_office(request.user) else None
    return render(request, "topics/topic_list.html", {"topics": topics, "form": form})


@login_required
@require_POST
def topic_new(request):
    form = forms.ProposeForm(request.POST)
    if form.is_valid():
        try:
            topic = services.topic_propose(by=request.user, **form.cleaned_data)
        except TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("课题已提出。"))
            return redirect("topics:detail", pk=topic.pk)
    else:
        _form_errors(request, form)
    return redirect("topics:list")


@login_required
@never_cache
def topic_detail(request, pk):
    topic = selectors.topic_get_for_user(user=request.user, pk=pk)
    roles = actor_roles(request.user, topic)
    office, lead = OFFICE in roles, LEAD in roles
    working = topic.status in WORKING_STATUSES
    events = list(topic.events.all())
    for event in events:
        event.text = topic_event_text(event)
    context = {
        "topic": topic,
        "events": events,
        "meeting": topic.meeting_row,
        "proposals": list(selectors.topic_proposals(topic)),
        "office": office,
        "may_write": (office or lead) and working,
        "may_adopt": may_move(request.user, topic, Status.ADOPTED),
        "may_start": may_move(request.user, topic, Status.RESEARCHING),
        "may_report": may_move(request.user, topic, Status.REPORT_SUBMITTED),
        "may_consult": may_move(request.user, topic, Status.CONSULTED),
        "may_outcome": office and topic.status in (Status.CONSULTED, Status.OUTCOMES_RECORDED),
        "may_close": may_move(request.user, topic, Status.CLOSED),
        "may_publish": office and topic.status in services.ADOPTED_STATUSES,
        "may_group": office and working,
        "may_draft_proposal": services.may_draft_proposal(request.user, topic),
        "outcome_statuses": OUTCOME_STATUSES,
        "adopt_form": forms.GroupForm(prefix="adopt"),
        "group_form": forms.GroupForm(
            prefix="group",
            initial={
                "lead": next((g.member_id for g in topic.group.all() if g.role == "lead"), None),
                "members": [g.member_id for g in topic.group.all() if g.role != "lead"],
                "sectors": [s.pk for s in topic.sectors.all()],
                "departments": [d.pk for d in topic.departments.all()],
            },
        ),
        "decline_form": forms.DeclineForm(),
        "milestone_form": forms.MilestoneForm(),
        "activity_form": forms.ActivityForm(),
        "report_form": forms.ReportForm(initial={"summary": topic.report_summary}),
        "meeting_form": forms.MeetingForm(),
        "outcome_form": forms.OutcomeForm(),
    }
    return render(request, "topics/topic_detail.html", context)


def _group_values(data):
    return {
        "lead": data["lead"],
        "members": list(data["members"]),
        "sectors": list(data["sectors"]),
        "departments": list(data["departments"]),
    }


@login_required
@require_POST
def topic_adopt(request, pk):
    return _step(
        request,
        pk,
        forms.GroupForm(request.POST, prefix="adopt"),
        lambda d: services.topic_adopt(by=request.user, topic_id=pk, **_group_values(d)),
        _("课题已确定，调研组已组建。"),
    )


@login_required
@require_POST
def topic_group(request, pk):
    return _step(
        request,
        pk,
        forms.GroupForm(request.POST, prefix="group"),
        lambda d: services.topic_group_set(by=request.user, topic_id=pk, **_group_values(d)),
        _("调研组已调整。"),
    )


@login_required
@require_POST
def topic_decline(request, pk):
    return _step(
        request,
        pk,
        forms.DeclineForm(request.POST),
        lambda d: services.topic_decline(by=request.user, topic_id=pk, reason=d["reason"]),
        _("课题未予采纳。"),
    )


@login_required
@require_POST
def topic_start(request, pk):
    return _step(
        request,
        pk,
        forms.forms.Form(request.POST),
        lambda d: services.topic_research_start(by=request.user, topic_id=pk),
        _("调研已启动。"),
    )


@login_required
@require_POST
def milestone_add(request, pk):
    return _step(
        request,
        pk,
        forms.MilestoneForm(request.POST),
        lambda d: services.milestone_add(by=request.user, topic_id=pk, **d),
        _("工作节点已添加。"),
    )


@login_required
@require_POST
def milestone_done(request, pk, milestone_pk):
    return _step(
        request,
        pk,
        forms.forms.Form(request.POST),
        lambda d: services.milestone_done(by=request.user, milestone_id=_milestone_of(pk, milestone_pk)),
        _("工作节点已完成。"),
    )


def _milestone_of(topic_pk, milestone_pk) -> int:
    if not Milestone.objects.filter(pk=milestone_pk, topic_id=topic_pk).exists():
        raise TransitionError(_("找不到该工作节点。"))
    return milestone_pk


@login_required
@require_POST
def activity_add(request, pk):
    return _step(
        request,
        pk,
        forms.ActivityForm(request.POST, request.FILES),
        lambda d: services.activity_record(
            by=request.user,
            topic_id=pk,
            kind=d["kind"],
            date=d["date"],
            place=d["place"],
            participants=list(d["participants"]),
            notes=d["notes"],
            files=d["files"],
        ),
        _("调研活动已记录。"),
    )


@login_required
@require_POST
def report_submit(request, pk):
    return _step(
        request,
        pk,
        forms.ReportForm(request.POST, request.FILES),
        lambda d: services.topic_report_submit(by=request.user, topic_id=pk, summary=d["summary"], files=d["files"]),
        _("调研报告已报送。"),
    )


@login_required
@require_POST
def meeting_record(request, pk):
    return _step(
        request,
        pk,
        forms.MeetingForm(request.POST, request.FILES),
        lambda d: services.topic_consult(
            by=request.user,
            topic_id=pk,
            title=d["title"],
            date=d["date"],
            place=d["place"],
            participants=list(d["participants"]),
            departments=list(d["departments"]),
            minutes=d["minutes"],
            files=d["files"],
        ),
        _("协商会议已记录。"),
    )


@login_required
@require_POST
def outcome_add(request, pk):
    return _step(
        request,
        pk,
        forms.OutcomeForm(request.POST),
        lambda d: services.outcome_record(by=request.user, topic_id=pk, **d),
        _("成果已登记。"),
    )


@login_required
@require_POST
def topic_close(request, pk):
    return _step(
        request,
        pk,
        forms.forms.Form(request.POST),
        lambda d: services.topic_close(by=request.user, topic_id=pk),
        _("课题已结题。"),
    )


@login_required
@require_POST
def topic_publish(request, pk):
    unpublish = request.POST.get("unpublish") == "1"
    return _step(
        request,
        pk,
        forms.forms.Form(request.POST),
        lambda d: (services.topic_unpublish if unpublish else services.topic_publish)(by=request.user, topic_id=pk),
        _("已撤回公开。") if unpublish else _("课题已公开。"),
    )


@login_required
@never_cache
def proposal_new(request, pk):
    """Draft a proposal that came out of the topic, on the proposals' own draft form."""
    from proposals.forms import ProposalForm

    topic = selectors.topic_get_for_user(user=request.user, pk=pk)
    form = ProposalForm(request.POST or None, initial={"kind": "micro", "title": topic.title})
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.topic_proposal_draft(by=request.user, topic_id=topic.pk, **form.cleaned_data)
        except TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("建议草稿已保存。"))
            return redirect("proposals:detail", pk=proposal.pk)
    return render(request, "topics/proposal_form.html", {"form": form, "topic": topic})


@login_required
@never_cache
def file_download(request, pk):
    """A topic's file, always as a download, for whoever reads the topic's staff page."""
    row = selectors.topic_file_get_for_user(user=request.user, pk=pk)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=row.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- public ------------------------------------------------------------------------------------


def public_list(request):
    return render(request, "topics/public_list.html", {"topics": list(selectors.published_topics())})


def public_detail(request, pk):
    topic = selectors.public_topic_get(pk=pk)
    return render(
        request, "topics/public_detail.html", {"topic": topic, "summary": selectors.public_topic_summary(topic)}
    )
