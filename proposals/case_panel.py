"""A track-4 case's proposal as the case page shows it (petitions.slots.proposal_case_panel): the
proposal's state, the action due now and, for whoever may take it, the same forms the proposal page
uses. They post to the proposal's own views with `next` set to the case, so the services, the
messages and the rules are the proposal page's; only the way back differs."""

from __future__ import annotations

from django.utils.translation import gettext as _

from proposals import forms, services
from proposals.choices import Status


def proposal_case_panel(*, user, proposal, next_url: str) -> dict:
    member = services.member_for(user)
    is_author = member is not None and proposal.author_id == member.pk
    panel = {"proposal": proposal, "next": next_url, "is_author": is_author, "form": None, "action": ""}
    status = proposal.status
    if status == Status.DRAFT:
        panel["due_now"] = _("建议草稿尚未提交：请完善内容后提交审核。") if is_author else _("委员正在起草建议。")
        panel["action"] = "submit" if is_author else ""
    elif status == Status.SUBMITTED:
        panel["due_now"] = _("等待审核人员审核，审核期限 %(date)s。") % {
            "date": proposal.review_due.isoformat() if proposal.review_due else "—"
        }
    elif status == Status.RETURNED:
        panel["due_now"] = (
            _("审核人员退回修改，请按退回理由修改后重新提交。")
            if is_author
            else _("审核人员已退回，等待委员修改后重新提交。")
        )
        if is_author:
            panel["action"] = "resubmit"
            panel["form"] = forms.ProposalForm(
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
    elif status == Status.ACCEPTED:
        panel["due_now"] = _("审核通过，等待审核人员交办部门。")
    elif status == Status.ASSIGNED:
        panel["due_now"] = _("已交办部门，等待部门反馈办理结果。")
    elif status == Status.RESULT_REPORTED:
        panel["due_now"] = (
            _(
                "部门已反馈办理结果：请逐一评定各承办部门的办理结果、答复群众并办结。"
                "对结果有异议的，评定为 D、评价“不满意”并选择“未解决”。"
            )
            if is_author
            else _("部门已反馈办理结果，等待委员确认。")
        )
        if is_author:
            panel["action"] = "confirm"
            panel["form"] = forms.ConfirmForm(assignments=services.gradeable_assignments(proposal))
    else:
        panel["due_now"] = ""
    return panel
