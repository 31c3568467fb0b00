"""The demo's micro-proposals: one per proposal case, at the step of review its case reached."""

import datetime

from common.deadlines import Stage, stage_due_date
from common.demo.departments import assignments_build
from petitions.models import Petition
from proposals.choices import HandlingRating, Kind, LivelihoodType, ResultGrade
from proposals.choices import Status as ProposalStatus
from proposals.models import Proposal

PROPOSAL_TEXT = {
    "noise": (
        "关于整治资江河堤夜间广场音响扰民的建议",
        "经实地走访核实：每晚21时后河堤广场仍有多处音响高音量播放，距市一中高三宿舍不足200米，学生反映难以入睡。",
        "建议城管局会同公安部门规范河堤广场活动时间和音量，21时后禁止使用大功率音响，并设置噪声监测提示牌。",
        "城管局",
        False,
        "",
    ),
    "water": (
        "关于改造罗溪社区老旧供水管网的建议",
        "罗溪社区3栋至8栋供水管网建于上世纪九十年代，近一年爆管6次，高峰期水压不足，涉及居民320户。",
        "建议水务局将罗溪社区供水管网纳入年度老旧管网改造计划，更换主管道并加装增压设施。",
        "水务局",
        True,
        LivelihoodType.WATER,
    ),
    "roads": (
        "关于修复桃花仑社区背街小巷路面的建议",
        "桃花仑社区二巷路面坑洼积水，雨天老人出行困难，已有两名老人摔伤。",
        "建议住建局将二巷纳入背街小巷改造项目，硬化路面并完善排水。",
        "住建局",
        True,
        LivelihoodType.ALLEY,
    ),
}

_PROPOSAL_ORDER = [
    "draft",
    "submitted",
    "returned",
    "withdrawn",
    "accepted",
    "assigned",
    "acknowledged",
    "contested",
    "result_reported",
    "closed",
]


def proposal_build(
    demo,
    petition: Petition,
    member,
    received_at,
    proposal_status: str,
    *,
    title: str = "",
    text=None,
    department: str = "",
) -> None:
    default_title, facts, suggestion, department_short, livelihood, livelihood_type = PROPOSAL_TEXT[
        petition.category.code
    ]
    title = title or default_title
    result = ""
    if text is not None:
        facts, suggestion, result = text
    department = demo.departments[department or department_short]
    reached = _PROPOSAL_ORDER.index(proposal_status)
    submitted = reached >= _PROPOSAL_ORDER.index("submitted")
    proposal = Proposal.objects.create(
        kind=Kind.MICRO,
        title=title,
        facts=facts,
        suggestion=suggestion,
        author=member,
        workstation=petition.workstation,
        body=petition.workstation.body,
        suggested_department=department,
        # An acknowledged or contested hand-off is a state of the assignment; the proposal is assigned.
        status=ProposalStatus.ASSIGNED if proposal_status in {"acknowledged", "contested"} else proposal_status,
        is_livelihood_project=livelihood,
        livelihood_type=livelihood_type,
        submitted_at=received_at + datetime.timedelta(days=1) if submitted else None,
        review_due=stage_due_date(Stage.PROPOSAL_REVIEW, start=received_at.date(), body=petition.workstation.body)
        if submitted
        else None,
        reviewed_by=demo.reviewer if reached >= _PROPOSAL_ORDER.index("returned") else None,
        reviewed_at=received_at + datetime.timedelta(days=2) if reached >= _PROPOSAL_ORDER.index("returned") else None,
        return_reason="请补充现场核实的具体时间和涉及户数。"
        if proposal_status in {ProposalStatus.RETURNED, ProposalStatus.WITHDRAWN}
        else "",
        result_grade=ResultGrade.A if proposal_status == ProposalStatus.CLOSED else "",
        handling_rating=HandlingRating.SATISFIED if proposal_status == ProposalStatus.CLOSED else "",
        closed_at=received_at + datetime.timedelta(days=8) if proposal_status == ProposalStatus.CLOSED else None,
    )
    proposal.petitions.add(petition)
    if reached < _PROPOSAL_ORDER.index("assigned"):
        return
    assignments_build(demo, proposal, department, received_at, proposal_status, result=result)
