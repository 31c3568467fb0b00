from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    ONLINE = "online", _("扫码/网上")
    RECEPTION = "reception", _("接待日来访")
    PHONE = "phone", _("电话")
    FIELD_VISIT = "field_visit", _("走访收集")


class Status(models.TextChoices):
    # Waiting in the workstation's queue: nobody was on duty, or it was handed back.
    RECEIVED = "received", _("待分派")
    # A member has it and has not yet chosen a track.
    ASSIGNED = "assigned", _("已分派")
    # Track 3: the question is with a department.
    CONSULTING = "consulting", _("咨询部门中")
    # Track 3: the department answered; the member owes the citizen a reply.
    CONSULTED = "consulted", _("部门已答复")
    # Track 4: the member is drafting, or the proposal is under review or with a department.
    PROPOSING = "proposing", _("建议办理中")
    # Track 4: the department reported its result; the member owes the citizen a reply.
    RESULT_REPORTED = "result_reported", _("部门已反馈")
    # The citizen has the reply; the case can be rated and closed.
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")
    SPAM = "spam", _("无效信息")
    WITHDRAWN = "withdrawn", _("已撤回")
    MERGED = "merged", _("已合并")


OPEN_STATUSES = frozenset(
    {Status.RECEIVED, Status.ASSIGNED, Status.CONSULTING, Status.CONSULTED, Status.PROPOSING, Status.RESULT_REPORTED}
)
FINAL_STATUSES = frozenset({Status.CLOSED, Status.SPAM, Status.WITHDRAWN, Status.MERGED})


class Track(models.IntegerChoices):
    EXPLAIN = 1, _("解释说明")
    ANSWER = 2, _("直接答复")
    CONSULT = 3, _("咨询后答复")
    PROPOSE = 4, _("提交建议")


class Outcome(models.TextChoices):
    EXPLAINED = "explained", _("已解释说明")
    ANSWERED = "answered", _("已答复")
    SOLVED = "solved", _("已解决")
    NOT_SOLVED = "not_solved", _("未解决")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class EventType(models.TextChoices):
    SUBMITTED = "submitted", _("提交诉求")
    ASSIGNED = "assigned", _("分派委员")
    QUEUED = "queued", _("进入待分派")
    TRIAGED = "triaged", _("确定办理方式")
    REPLIED = "replied", _("答复群众")
    CONSULTATION_SENT = "consultation_sent", _("咨询部门")
    CONSULTATION_ANSWERED = "consultation_answered", _("部门答复咨询")
    PROPOSAL_DRAFTED = "proposal_drafted", _("起草建议")
    PROPOSAL_SUBMITTED = "proposal_submitted", _("提交建议")
    PROPOSAL_RETURNED = "proposal_returned", _("建议退回修改")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("建议审核通过")
    PROPOSAL_ASSIGNED = "proposal_assigned", _("交办部门")
    # A reviewer sent the proposal up to the body above (转报), whose reviewers decide it now.
    PROPOSAL_FORWARDED = "proposal_forwarded", _("转报上级政协")
    DEPARTMENT_ACKNOWLEDGED = "department_acknowledged", _("部门签收")
    DEPARTMENT_CONTESTED = "department_contested", _("部门退单")
    RESULT_REPORTED = "result_reported", _("部门反馈办理结果")
    CLOSED = "closed", _("办结")
    RATED = "rated", _("群众评价")
    REOPENED = "reopened", _("重新办理")
    MERGED = "merged", _("合并至其他诉求")
    JOINED = "joined", _("有群众反映相同问题")
    MARKED_SPAM = "marked_spam", _("标记为无效信息")
    WITHDRAWN = "withdrawn", _("撤回")
    NOTE = "note", _("内部备注")
    DEADLINE_REMINDER = "deadline_reminder", _("到期提醒")
    ESCALATED = "escalated", _("逾期督办")
    ANONYMISED = "anonymised", _("删除群众个人信息")
    MARKED_URGENT = "marked_urgent", _("标记紧急")
    UNMARKED_URGENT = "unmarked_urgent", _("取消紧急")
    IMPORTED = "imported", _("历史数据导入")
    CO_MEMBER_INVITED = "co_member_invited", _("邀请协办委员")
    CO_MEMBER_REMOVED = "co_member_removed", _("移除协办委员")
    OPINION_FORWARDED = "opinion_forwarded", _("社情民意信息已报送")
    FOLLOWED_UP = "followed_up", _("回访")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("群众可见")
    INTERNAL = "internal", _("仅内部")


class ConsultationStatus(models.TextChoices):
    PENDING = "pending", _("待答复")
    ANSWERED = "answered", _("已答复")
    CANCELLED = "cancelled", _("已撤销")
