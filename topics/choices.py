from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    # Raised from what citizens brought most (the candidates view) or by office staff.
    PROPOSED = "proposed", _("拟选课题")
    # Set as the year's key research topic by office staff.
    ADOPTED = "adopted", _("已确定")
    # The research group is visiting, holding seminars and surveys.
    RESEARCHING = "researching", _("调研中")
    REPORT_SUBMITTED = "report_submitted", _("已报送调研报告")
    # The standing-committee consultation meeting (专题协商 / 议政性常委会议) discussed the report.
    CONSULTED = "consulted", _("已协商")
    OUTCOMES_RECORDED = "outcomes_recorded", _("已登记成果")
    CLOSED = "closed", _("已结题")
    # Not taken up this year.
    DECLINED = "declined", _("未采纳")


# A topic in these states has been adopted: it has a research group and may be published.
ADOPTED_STATUSES = frozenset(
    {
        Status.ADOPTED,
        Status.RESEARCHING,
        Status.REPORT_SUBMITTED,
        Status.CONSULTED,
        Status.OUTCOMES_RECORDED,
        Status.CLOSED,
    }
)
# The group is at work: activities and milestones may be recorded.
WORKING_STATUSES = frozenset({Status.ADOPTED, Status.RESEARCHING, Status.REPORT_SUBMITTED, Status.CONSULTED})
OUTCOME_STATUSES = frozenset({Status.OUTCOMES_RECORDED, Status.CLOSED})


class EventType(models.TextChoices):
    PROPOSED = "proposed", _("提出课题")
    ADOPTED = "adopted", _("确定课题")
    DECLINED = "declined", _("不予采纳")
    RESEARCH_STARTED = "research_started", _("启动调研")
    REPORT_SUBMITTED = "report_submitted", _("报送调研报告")
    CONSULTED = "consulted", _("召开协商会议")
    OUTCOMES_RECORDED = "outcomes_recorded", _("登记成果")
    CLOSED = "closed", _("结题")
    GROUP_CHANGED = "group_changed", _("调整调研组")
    MILESTONE_ADDED = "milestone_added", _("添加工作节点")
    MILESTONE_DONE = "milestone_done", _("完成工作节点")
    ACTIVITY_RECORDED = "activity_recorded", _("记录调研活动")
    OUTCOME_ADDED = "outcome_added", _("添加成果")
    PROPOSAL_LINKED = "proposal_linked", _("形成建议")
    PUBLISHED = "published", _("公开课题")
    UNPUBLISHED = "unpublished", _("撤回公开")
    CITIZENS_TOLD = "citizens_told", _("告知群众")


class GroupRole(models.TextChoices):
    LEAD = "lead", _("牵头委员")
    MEMBER = "member", _("成员")


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("走访")
    SEMINAR = "seminar", _("座谈会")
    SURVEY = "survey", _("问卷调查")
    FIELD_RESEARCH = "field_research", _("实地调研")


class OutcomeKind(models.TextChoices):
    POLICY = "policy", _("出台政策")
    MEASURE = "measure", _("落实措施")
