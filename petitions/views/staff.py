"""Casework pages: the inbox and the case page, and one POST endpoint per action. Views bind forms
and call services; the services decide what is allowed and say why not."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.choices import AccessKind
from audit.selectors import access_log_for_case
from audit.services import access_record
from petitions.choices import FINAL_STATUSES, OPEN_STATUSES, Status, Track
from petitions.events import event_actor_text, event_text
from petitions.forms import staff as forms
from petitions.models import Petition
from petitions.permissions import can_see_citizen_contact, handles_case, is_co_member
from petitions.selectors.staff import (
    INBOX_VIEWS,
    Page,
    case_co_members,
    case_consultations,
    case_duplicates,
    case_photo_for_user,
    case_photos,
    case_proposals,
    case_timeline,
    inbox_petitions,
    petition_find_by_code,
    petition_get_for_user,
)
from petitions.services import comembers, follow_up, handling, retention
from petitions.slots import answer_get, answer_search, proposal_case_panel, proposals_open_for_member
from petitions.workflow import TransitionError

PAGE_SIZE = 25


@login_required
@never_cache
def inbox(request):
    """`/inbox/`: what is mine, what waits at my workstations, what is due or overdue."""
    view = request.GET.get("view", "mine")
    if view not in INBOX_VIEWS:
        view = "mine"
    filters = forms.InboxFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    category = cleaned.get("category")
    petitions = inbox_petitions(
        user=request.user,
        view=view,
        query=cleaned.get("q", ""),
        category_id=category.pk if category else None,
        status=cleaned.get("status", ""),
    )
    page = Page(petitions, request.GET.get("page"), PAGE_SIZE)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "petitions/staff/inbox.html",
        {
            "page": page,
            "view": view,
            "views": INBOX_VIEWS,
            "filters": filters,
            "query_string": query_string.urlencode(),
        },
    )


def _actions(user, petition: Petition) -> dict:
    """Which actions the page offers this user on this case (the services check again)."""
    member = handling.member_for(user)
    handler = member is not None and petition.assigned_member_id == member.pk
    liaison = handling.is_liaison_of(user, petition.workstation)
    status = petition.status
    serves = member is not None and handling.serves_workstation(member, petition.workstation)
    # A co-member (协办委员) replies and adds notes beside the lead; everything else stays the lead's
    # (petitions.services.comembers says why).
    co_member = not handler and is_co_member(member, petition)
    return {
        "claim": status == Status.RECEIVED and serves and user.has_perm("petitions.handle_petition"),
        "assign": (liaison and status in (Status.RECEIVED, Status.ASSIGNED)) or (handler and status == Status.ASSIGNED),
        "triage": handler and status == Status.ASSIGNED,
        "reply": (handler or co_member)
        and (
            (status == Status.ASSIGNED and petition.track in (Track.EXPLAIN, Track.ANSWER))
            or (status == Status.CONSULTED and petition.track == Track.CONSULT)
        ),
        "consult": handler and petition.track == Track.CONSULT and status in (Status.ASSIGNED, Status.CONSULTED),
        "propose": handler and petition.track == Track.PROPOSE and status == Status.ASSIGNED,
        "close": handler and status == Status.REPLIED,
        "reply_close": handler,
        "invite": (handler or liaison) and status not in FINAL_STATUSES,
        "remove_co_member": handler or liaison,
        # 社情民意信息 from this case (the opinions app checks again which cases a writer may use).
        "opinion": handler or co_member or liaison or user.has_perm("petitions.view_all_petitions"),
        "merge": (handler or liaison) and status in (Status.RECEIVED, Status.ASSIGNED),
        "spam": liaison and user.has_perm("petitions.mark_spam") and status in (Status.RECEIVED, Status.ASSIGNED),
        "withdraw": (handler or liaison) and status in OPEN_STATUSES and status != Status.RESULT_REPORTED,
        "reopen": (handler or liaison)
        and status == Status.CLOSED
        and petition.reopen_count < handling.MAX_REOPENS
        and handling.citizen_unsatisfied(petition),
        "follow_up": status == Status.CLOSED and follow_up.may_follow_up(user, petition),
        # The one reopen is spent: an unsatisfied follow-up will not reopen the case again.
        "reopen_spent": petition.reopen_count >= handling.MAX_REOPENS,
        "note": handler or co_member or liaison or user.has_perm("proposals.review_proposal"),
        "urgent": liaison and user.has_perm("petitions.assign_petition") and status in OPEN_STATUSES,
        "erase_contact": petition.anonymised_at is None
        and user.has_perm("petitions.erase_citizen_contact")
        and (liaison or user.has_perm("petitions.view_all_petitions")),
        "is_handler": handler,
        "is_co_member": co_member,
        "liaison": liaison,
    }


def _timeline_in_reader_language(petition: Petition) -> list:
    """The timeline, each event with `text` and `actor_text` as the reader's language renders them
    (petitions.events.event_text: the stored message in the office's language)."""
    events = list(case_timeline(petition=petition))
    for event in events:
        event.text = event_text(event)
        event.actor_text = event_actor_text(event)
    return events


def _proposals_with_panels(request, petition: Petition) -> list:
    """The case's proposals, each with its state and the action due now (`case_panel`), as the
    proposals app renders them on the case page (petitions.slots.proposal_case_panel)."""
    proposals = list(case_proposals(petition=petition))
    for proposal in proposals:
        proposal.case_panel = proposal_case_panel(user=request.user, proposal=proposal, next_url=request.path)
    return proposals


@login_required  # the link of a member's SMS, opened signed out: sign in, then the case
@never_cache
def case_detail(request, pk):
    """`/cases/<pk>/`: the timeline, the citizen's contact for those handling it, the hand-offs and
    their delivery attempts, and the actions the case's state allows."""
    petition = petition_get_for_user(user=request.user, pk=pk)
    actions = _actions(request.user, petition)
    kb_query = request.GET.get("kb", "").strip()[:100]
    entries = []
    if actions["reply"]:
        entries = list(
            answer_search(
                query=kb_query,
                category_id=None if kb_query else petition.category_id,
                body=petition.workstation.body,
            )[:8]
        )
    reply_initial = {}
    used_entry = answer_get(pk=request.GET["use_entry"]) if request.GET.get("use_entry", "").isdigit() else None
    if used_entry is not None:
        reply_initial = {"message": used_entry.answer, "knowledge_entry": used_entry.pk}
    own_drafts = []
    if actions["propose"]:
        own_drafts = list(proposals_open_for_member(member=petition.assigned_member))
    handling_it = handles_case(request.user, petition)
    show_contact = can_see_citizen_contact(request.user, petition)
    if show_contact:
        access_record(
            kind=AccessKind.CONTACT_VIEW,
            request=request,
            petition_id=petition.pk,
            tracking_code=petition.tracking_code,
        )
    context = {
        "petition": petition,
        "show_contact": show_contact,
        # 查看记录: the workstation's liaison officers see who looked at this case's citizen.
        "access_log": access_log_for_case(petition_id=petition.pk) if actions["liaison"] else None,
        # Photos and the rating's comment may identify the citizen: for those handling the case.
        "show_citizen_material": handling_it,
        "photos": case_photos(petition=petition) if handling_it else [],
        "events": _timeline_in_reader_language(petition),
        "consultations": case_consultations(petition=petition),
        "proposals": _proposals_with_panels(request, petition),
        "duplicates": case_duplicates(petition=petition),
        "co_members": case_co_members(petition=petition),
        "actions": actions,
        "kb_query": kb_query,
        "entries": entries,
        "used_entry": used_entry,
        "own_drafts": own_drafts,
        "forms": {
            "triage": forms.TriageForm(initial={"track": petition.track}),
            "reply": forms.ReplyForm(initial=reply_initial),
            "reply_close": forms.ReplyCloseForm(track=petition.track),
            "close": forms.CloseForm(track=petition.track),
            "consult": forms.ConsultForm(body=petition.workstation.body),
            "assign": forms.AssignForm(workstation=petition.workstation) if actions["assign"] else None,
            "merge": forms.MergeForm(),
            "spam": forms.ReasonForm(),
            "withdraw": forms.OptionalReasonForm(),
            "reopen": forms.OptionalReasonForm(),
            "follow_up": forms.FollowUpForm(),
            "note": forms.NoteForm(),
            "invite": forms.CoMemberInviteForm(petition=petition) if actions["invite"] else None,
            "erase_contact": forms.ContactEraseForm(),
        },
    }
    return render(request, "petitions/staff/case_detail.html", context)


# --- actions -------------------------------------------------------------------------------------


def _merge(request, petition, data):
    target = petition_find_by_code(user=request.user, code=data["into_code"])
    if target is None:
        raise TransitionError(_("找不到该查询码对应的诉求。"))
    return handling.petition_merge(user=request.user, petition_id=petition.pk, into_id=target.pk)


def _follow_up(request, petition, data):
    result = follow_up.petition_follow_up(
        user=request.user,
        petition_id=petition.pk,
        reached=data["reached"],
        satisfied=data["satisfied"],
        note=data.get("note", ""),
    )
    if result.reopened:
        messages.info(request, _("群众不满意：诉求已重新办理，回到承办委员手中。"))
    elif result.not_reopened_because:
        messages.warning(request, _("群众不满意，但未重新办理：%(reason)s") % {"reason": result.not_reopened_because})
    return result


def _erase_contact(request, petition, data):
    erased = retention.petition_contact_erase(user=request.user, petition_id=petition.pk)
    access_record(
        kind=AccessKind.CONTACT_ERASED, request=request, petition_id=erased.pk, tracking_code=erased.tracking_code
    )
    return erased


ACTIONS = {
    "claim": (forms.EmptyForm, lambda r, p, d: handling.petition_claim(user=r.user, petition_id=p.pk), _("已认领。")),
    "assign": (
        forms.AssignForm,
        lambda r, p, d: handling.petition_assign(
            user=r.user, petition_id=p.pk, member=d["member"], reason=d.get("reason", "")
        ),
        _("已分派。"),
    ),
    "triage": (
        forms.TriageForm,
        lambda r, p, d: handling.petition_triage(user=r.user, petition_id=p.pk, track=d["track"]),
        _("已确定办理方式。"),
    ),
    "reply": (
        forms.ReplyForm,
        lambda r, p, d: handling.petition_reply(
            user=r.user,
            petition_id=p.pk,
            message=d["message"],
            knowledge_entry=d.get("knowledge_entry"),
            policy=d.get("policy", ""),
        ),
        _("答复已发送给群众。"),
    ),
    "reply_close": (
        forms.ReplyCloseForm,
        lambda r, p, d: handling.petition_reply_and_close(
            user=r.user,
            petition_id=p.pk,
            message=d["message"],
            outcome=d["outcome"],
            households_helped=d["households_helped"],
            knowledge_entry=d.get("knowledge_entry"),
            policy=d.get("policy", ""),
        ),
        _("答复已发送给群众，诉求已办结。"),
    ),
    "close": (
        forms.CloseForm,
        lambda r, p, d: handling.petition_close(
            user=r.user, petition_id=p.pk, outcome=d["outcome"], households_helped=d["households_helped"]
        ),
        _("已办结。"),
    ),
    "consult": (
        forms.ConsultForm,
        lambda r, p, d: handling.petition_consult(
            user=r.user, petition_id=p.pk, department=d["department"], question=d["question"]
        ),
        _("已向部门发出咨询。"),
    ),
    "merge": (forms.MergeForm, _merge, _("已合并。")),
    "spam": (
        forms.ReasonForm,
        lambda r, p, d: handling.petition_mark_spam(user=r.user, petition_id=p.pk, reason=d["reason"]),
        _("已标记为无效信息。"),
    ),
    "withdraw": (
        forms.OptionalReasonForm,
        lambda r, p, d: handling.petition_withdraw(user=r.user, petition_id=p.pk, reason=d.get("reason", "")),
        _("已撤回。"),
    ),
    "reopen": (
        forms.OptionalReasonForm,
        lambda r, p, d: handling.petition_reopen(user=r.user, petition_id=p.pk, reason=d.get("reason", "")),
        _("已重新办理。"),
    ),
    "note": (
        forms.NoteForm,
        lambda r, p, d: handling.petition_note_add(user=r.user, petition_id=p.pk, text=d["text"]),
        _("备注已保存。"),
    ),
    "urgent": (
        forms.UrgentForm,
        lambda r, p, d: handling.petition_mark_urgent(user=r.user, petition_id=p.pk, urgent=d["urgent"]),
        _("紧急标记已更新。"),
    ),
    "follow_up": (forms.FollowUpForm, _follow_up, _("回访已记录。")),
    "erase_contact": (forms.ContactEraseForm, _erase_contact, _("群众个人信息和照片已删除。")),
    "invite": (
        forms.CoMemberInviteForm,
        lambda r, p, d: comembers.petition_co_member_invite(
            user=r.user, petition_id=p.pk, member=d["member"], note=d.get("note", "")
        ),
        _("已邀请协办委员，对方会收到通知。"),
    ),
    "remove_co_member": (
        forms.CoMemberRemoveForm,
        lambda r, p, d: comembers.petition_co_member_remove(user=r.user, petition_id=p.pk, member=d["member"]),
        _("已移除协办委员。"),
    ),
}


@login_required
@never_cache
def case_photo(request, pk, photo_pk):
    """A citizen's photo, to those handling its case only (media are never served as files)."""
    return case_photo_response(request, petition=petition_get_for_user(user=request.user, pk=pk), photo_pk=photo_pk)


def case_photo_response(request, *, petition, photo_pk):
    """One of a case's photos as a file, to those handling it (case_photo_for_user), recorded in the
    access log: the case page's photo and the API's (petitions.api.staff) are this one answer."""
    photo = case_photo_for_user(user=request.user, petition=petition, pk=photo_pk)
    access_record(
        kind=AccessKind.PHOTO_VIEW,
        request=request,
        petition_id=petition.pk,
        tracking_code=petition.tracking_code,
        detail=f"photo {photo.pk}",
    )
    # As an attachment: an <img> shows it all the same, and a browser never renders it as a page.
    extension = photo.image.name.rsplit(".", 1)[-1]
    return FileResponse(
        photo.image.open("rb"),
        content_type=photo.content_type,
        as_attachment=True,
        filename=f"{petition.tracking_code}-{photo.pk}.{extension}",
    )


@require_POST
def case_action(request, pk, action):
    """POST `/cases/<pk>/<action>/`: 404 (anonymous visitors included) unless the user may see the
    case; the service refuses with a reason (shown as a message) when the user may see but not act."""
    petition = petition_get_for_user(user=request.user, pk=pk)
    form_class, run, done = ACTIONS[action]
    kwargs = {}
    if form_class is forms.AssignForm:
        kwargs = {"workstation": petition.workstation}
    elif form_class in (forms.CloseForm, forms.ReplyCloseForm):
        kwargs = {"track": petition.track}
    elif form_class is forms.CoMemberInviteForm:
        kwargs = {"petition": petition}
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("casework:case_detail", pk=petition.pk)
    try:
        run(request, petition, form.cleaned_data)
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("casework:case_detail", pk=petition.pk)
