"""A member's record (履职档案) over one calendar year, composed of sections: duties served, cases
handled (and per track), cases co-handled (协办), proposals, public-opinion reports (社情民意信息),
and whatever other apps add.

Each section comes from one provider in MEMBER_RECORD_SECTIONS: a function (member, year, f) that
returns a RecordSection (or None to leave it out). The page, the printable page and the XLSX all
render the list, so a new part of the record (research activities, meetings, topic roles from
topics.selectors.member_topic_record) is one line appended to the list, nothing else."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

import stats.selectors.figures as figures
from members.models import DutyAssignment, Member
from opinions.choices import Status as OpinionStatus
from opinions.models import OpinionReport
from petitions.choices import EventType, Outcome, Track
from petitions.choices import Status as PetitionStatus
from proposals.choices import ResultGrade
from proposals.choices import Status as ProposalStatus
from proposals.models import Proposal
from stats.filters import StatsFilter
from stats.selectors.aggregates import PETITION_FIGURES, _petition_counts, _with_rates
from topics.selectors import member_topic_record

ACCEPTED = (ProposalStatus.ACCEPTED, ProposalStatus.ASSIGNED, ProposalStatus.RESULT_REPORTED, ProposalStatus.CLOSED)


@dataclass
class RecordSection:
    """One part of the record: a title and a table (a header and rows of plain values)."""

    key: str
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)


SectionProvider = Callable[[Member, int, StatsFilter], "RecordSection | None"]


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def duties_section(member: Member, year: int, f: StatsFilter) -> RecordSection:
    duties = DutyAssignment.objects.filter(
        member=member, roster__month__year=year, roster__status="published"
    ).aggregate(duties=Count("pk"), months=Count("roster__month", distinct=True))
    return RecordSection(
        "duties",
        _("值班履职"),
        [_("项目"), _("数值")],
        [[_("值班次数"), duties["duties"]], [_("值班月份数"), duties["months"]]],
    )


def cases_section(member: Member, year: int, f: StatsFilter) -> RecordSection:
    # A year with no case at all has no row: zeros, not a missing key.
    counts = _petition_counts(f, None, timezone.localdate()).get(None) or dict.fromkeys(PETITION_FIGURES, 0)
    row = _with_rates(dict(counts))
    satisfied = row.get("satisfaction_rate")
    section = RecordSection(
        "cases",
        _("办理诉求（承办）"),
        [_("项目"), _("数值")],
        [
            [_("收到"), row.get("collected", 0)],
            [_("反映和处理"), row.get("handled", 0)],
            [_("助推解决"), row.get("solved", 0)],
            [_("帮助困难群众户数"), row.get("households", 0)],
            [_("响应率"), _pct(row.get("response_rate"))],
            [_("群众满意率"), _pct(satisfied) + (f"（{row['satisfied']}/{row['rated']}）" if row.get("rated") else "")],
        ],
    )
    section.data = row
    return section


def tracks_section(member: Member, year: int, f: StatsFilter) -> RecordSection:
    handled_by_track = dict(
        figures.handled_petitions(f).values("track").order_by().annotate(n=Count("pk")).values_list("track", "n")
    )
    return RecordSection(
        "tracks",
        _("按办理方式"),
        [_("办理方式"), _("件数")],
        [[t.label, handled_by_track.get(t.value, 0)] for t in Track],
    )


def co_handled_section(member: Member, year: int, f: StatsFilter) -> RecordSection:
    """Cases the member co-handled (协办委员): invited in the year, replied by them, solved. The
    co-member shares the case's credit; the lead's figures above stay the lead's alone."""
    start, end = f.start_at, f.end_before
    counts = member.co_handled_cases.filter(invited_at__gte=start, invited_at__lt=end).aggregate(
        invited=Count("pk"),
        solved=Count(
            "pk",
            filter=Q(
                petition__status=PetitionStatus.CLOSED,
                petition__outcome=Outcome.SOLVED,
                petition__closed_at__gte=start,
                petition__closed_at__lt=end,
            ),
        ),
        households=Count("pk", filter=Q(petition__households_helped__gt=0, petition__outcome=Outcome.SOLVED)),
    )
    replied = (
        member.co_handled_cases.filter(
            petition__events__type=EventType.REPLIED,
            petition__events__actor_id=member.user_id,
            petition__events__created_at__gte=start,
            petition__events__created_at__lt=end,
        )
        .values("petition_id")
        .distinct()
        .count()
    )
    return RecordSection(
        "co_handled",
        _("协办诉求"),
        [_("项目"), _("数值")],
        [[_("受邀协办"), counts["invited"]], [_("本人答复群众"), replied], [_("协办后解决"), counts["solved"]]],
    )


def proposals_section(member: Member, year: int, f: StatsFilter) -> RecordSection:
    proposals = Proposal.objects.filter(author=member, submitted_at__year=year).aggregate(
        submitted=Count("pk"),
        accepted=Count("pk", filter=Q(status__in=ACCEPTED)),
        projects=Count("pk", filter=Q(is_livelihood_project=True)),
        **{f"grade_{g.value}": Count("pk", filter=Q(result_grade=g.value)) for g in ResultGrade},
        rated=Count("pk", filter=~Q(handling_rating="")),
        rated_satisfied=Count("pk", filter=Q(handling_rating__in=figures.SATISFIED)),
    )
    rows = [
        [_("提交"), proposals["submitted"]],
        [_("审核通过"), proposals["accepted"]],
        [_("民生工程"), proposals["projects"]],
        *[[g.label, proposals[f"grade_{g.value}"]] for g in ResultGrade],
        [_("对部门办理满意"), f"{proposals['rated_satisfied']} / {proposals['rated']}"],
    ]
    section = RecordSection("proposals", _("建议"), [_("项目"), _("数值")], rows)
    section.data = proposals
    return section


def opinions_section(member: Member, year: int, f: StatsFilter) -> RecordSection:
    counts = OpinionReport.objects.filter(
        author=member, created_at__gte=f.start_at, created_at__lt=f.end_before
    ).aggregate(written=Count("pk"), forwarded=Count("pk", filter=Q(status=OpinionStatus.FORWARDED)))
    return RecordSection(
        "opinions",
        _("社情民意信息"),
        [_("项目"), _("数值")],
        [[_("撰写"), counts["written"]], [_("报送上级"), counts["forwarded"]]],
    )


def research_section(member: Member, year: int, f: StatsFilter) -> RecordSection:
    """Key research topics (topics.selectors.member_topic_record): the member's roles, the research
    activities they took part in and the consultation meetings they attended, one row each."""
    research = member_topic_record(member, year)
    rows = [[_("课题角色"), "", r["topic"], r["role"]] for r in research["roles"]]
    rows += [
        [_("调研活动"), a["date"].isoformat(), a["topic"], f"{a['kind']} · {a['place']}"]
        for a in research["activities"]
    ]
    rows += [[_("参加协商会议"), m["date"].isoformat(), m["topic"], m["title"]] for m in research["meetings"]]
    return RecordSection("research", _("重点课题调研"), [_("类别"), _("日期"), _("课题"), _("内容")], rows)


# The record's parts, in page order. Another app's part is one line appended here.
MEMBER_RECORD_SECTIONS: list[SectionProvider] = [
    duties_section,
    cases_section,
    tracks_section,
    co_handled_section,
    proposals_section,
    opinions_section,
    research_section,
]


def member_record(*, member: Member, year: int) -> dict:
    f = StatsFilter(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), member_id=member.pk, kind="year")
    sections = []
    for provider in MEMBER_RECORD_SECTIONS:
        section = provider(member, year, f)
        if section is not None:
            sections.append(section)
    by_key = {s.key: s for s in sections}
    # Named figures too, for the callers that read one number.
    figures_row = getattr(by_key.get("cases"), "data", {})
    tracks = [
        {"track": t.value, "label": t.label, "handled": row[1]}
        for t, row in zip(Track, by_key["tracks"].rows, strict=True)
    ]
    return {
        "member": member,
        "year": year,
        "filter": f,
        "figures": figures_row,
        "tracks": tracks,
        "proposals": getattr(by_key.get("proposals"), "data", {}),
        "sections": sections,
    }


def member_record_tables(record: dict) -> list[tuple[str, list[str], list[list]]]:
    """The record as (sheet title, header, rows) for stats.exports.to_xlsx: a cover sheet, then one
    sheet per section."""
    member = record["member"]
    cover = (
        _("概况"),
        [_("项目"), _("内容")],
        [
            [_("委员"), member.name],
            [_("界别"), member.sector.label],
            [_("职务"), member.title or "—"],
            [_("年度"), record["year"]],
        ],
    )

    def plain(value):
        return str(value) if isinstance(value, Promise) else value  # a lazy label is text in a cell

    sheets = [(s.title, s.header, [[plain(v) for v in row] for row in s.rows]) for s in record["sections"]]
    return [cover, *sheets]
