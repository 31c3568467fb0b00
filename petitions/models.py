import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.crypto import EncryptedCharField, KeyedHashField
from common.models import AppendOnlyModel, AppendOnlyQuerySet, TimeStampedModel
from common.phones import phone_lookup_form
from petitions import permissions
from petitions.choices import (
    Channel,
    ConsultationStatus,
    EventType,
    Outcome,
    Satisfaction,
    Status,
    Track,
    Visibility,
)

# Easy to read aloud over a phone: no 0/O, 1/I/L. 31 symbols, 12 of them: 59 bits of randomness.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_CODE_LENGTH = 12


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_CODE_LENGTH))


def normalize_tracking_code(raw: str) -> str:
    """What a citizen types, read back: case, spaces and dashes do not matter."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def format_tracking_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class Category(models.Model):
    """A kind of problem citizens bring (供水, 道路, 环境, 噪音, 政策咨询, …)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")

    def __str__(self):
        return self.name


# A citizen's contact data as given (encrypted at rest): the "no contact data" constraints say these
# are all "".
CONTACT_VALUE_FIELDS = ("citizen_name", "citizen_phone", "citizen_address")
# Everything that anonymising a petition clears (the retention job, a citizen's request): the
# values and the phone's lookup hash, which would otherwise still link the petition to the phone.
CONTACT_FIELDS = (*CONTACT_VALUE_FIELDS, "citizen_phone_hash")


def _no_contact() -> models.Q:
    return models.Q(**dict.fromkeys(CONTACT_VALUE_FIELDS, ""))


class PetitionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The petitions this user may see. Every page and API endpoint starts here."""
        condition = permissions.petition_visibility_filter(user)
        return self if condition is None else self.filter(condition)

    def open(self):
        from petitions.choices import OPEN_STATUSES

        return self.filter(status__in=OPEN_STATUSES)


class Petition(TimeStampedModel):
    """One problem or suggestion a citizen brought to a workstation (群众诉求), from intake to the
    rating after it closed. The citizen's name, phone and address are personal data: encrypted at
    rest (common.crypto), and the phone is compared by its keyed hash, never by its value."""

    CONTACT_FIELDS = CONTACT_FIELDS  # the one list anonymising clears
    CONTACT_VALUE_FIELDS = CONTACT_VALUE_FIELDS

    # Unique by petition_tracking_code_unique, which also serves the staff's search by code prefix.
    tracking_code = models.CharField(_("查询码"), max_length=16, default=new_tracking_code, editable=False)
    # Indexed by the composite indexes below that start with it (a submission updates every index).
    workstation = models.ForeignKey(
        "workstations.Workstation",
        verbose_name=_("工作室"),
        on_delete=models.PROTECT,
        related_name="petitions",
        db_index=False,
    )
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    category = models.ForeignKey(
        Category, verbose_name=_("类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="petitions"
    )
    content = models.TextField(_("诉求内容"), max_length=2000)
    location = models.CharField(_("发生地点"), max_length=200, blank=True)

    is_anonymous = models.BooleanField(_("匿名"), default=False)
    citizen_name = EncryptedCharField(_("姓名"), max_length=50, blank=True)
    citizen_phone = EncryptedCharField(_("手机号"), max_length=20, blank=True)
    citizen_address = EncryptedCharField(_("住址"), max_length=200, blank=True)
    # common.phones.phone_lookup_hash(citizen_phone), set as the row is saved: what rate limits,
    # "tell every petitioner" and any search by phone compare. No index: no query filters on it
    # yet, and every submission would pay for one (see 0005_drop_unused_phone_index).
    citizen_phone_hash = KeyedHashField(
        _("手机号查询摘要"), source="citizen_phone", normalize=phone_lookup_form, db_default=""
    )
    consent_given = models.BooleanField(_("同意处理个人信息"), default=False)
    # When the contact data and photos were deleted (retention period over, or at the citizen's
    # request): petitions.services.retention. The case itself and its figures stay.
    anonymised_at = models.DateTimeField(_("个人信息删除时间"), null=True, blank=True)

    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    track = models.PositiveSmallIntegerField(_("办理方式"), choices=Track.choices, null=True, blank=True)
    assigned_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("承办委员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_petitions",
        db_index=False,  # petition_member_status_idx starts with it
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代录人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # petition_recorded_by_idx, partial: online petitions have nobody
    )

    first_response_due = models.DateField(_("首次响应期限"), null=True, blank=True)
    first_responded_at = models.DateTimeField(_("首次响应时间"), null=True, blank=True)
    due_date = models.DateField(_("当前环节期限"), null=True, blank=True, db_index=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    outcome = models.CharField(_("办理结果"), max_length=16, choices=Outcome.choices, blank=True)
    households_helped = models.PositiveIntegerField(_("帮助困难群众户数"), default=0)
    satisfaction = models.CharField(_("满意度"), max_length=24, choices=Satisfaction.choices, blank=True)
    satisfaction_comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    # The citizen rates twice (issue 16): `satisfaction` is the handling (办理满意度), this the result
    # (结果满意度); both given in the one rating. Blank on ratings made before there were two.
    result_satisfaction = models.CharField(
        _("结果满意度"), max_length=24, choices=Satisfaction.choices, blank=True, default="", db_default=""
    )
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    # Set by the workstation's liaison officer: messages about this case reach staff even in their
    # quiet hours (accounts.services.staff_notify).
    is_urgent = models.BooleanField(_("紧急"), default=False, db_default=False)

    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        db_index=False,  # petition_merged_into_idx, partial: few petitions are merged
    )
    # A replayed form POST or API call carries the same key and gets the first petition back. Stored
    # scoped (common.idempotency.idempotency_scope: a hash of endpoint, caller and the client's key),
    # never as sent; forgotten after 24 hours. Unique by petition_idempotency_key_unique (a
    # unique=True field would get a second, LIKE index).
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    # What the request said (petitions.services.intake.intake_fingerprint): the same key with other
    # content is refused, not answered with this petition.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("群众诉求")
        verbose_name_plural = _("群众诉求")
        permissions = permissions.PERMISSIONS
        indexes = [
            models.Index(fields=["workstation", "status"], name="petition_ws_status_idx"),
            models.Index(fields=["assigned_member", "status"], name="petition_member_status_idx"),
            models.Index(fields=["status", "due_date"], name="petition_status_due_idx"),
            # Intake's similar-case lookup: the newest open cases of one workstation and category.
            models.Index(
                fields=["workstation", "category", "-created_at"],
                condition=models.Q(
                    status__in=["received", "assigned", "consulting", "consulted", "proposing", "result_reported"]
                ),
                name="petition_open_similar_idx",
            ),
            # Overdue at a workstation (the API's staff list, the inbox's overdue view): the open
            # cases of one workstation by deadline, without visiting its closed ones
            # (bench/api_lists.py: half the time of the (workstation, status) × (status, due) plan).
            models.Index(
                fields=["workstation", "due_date"],
                condition=models.Q(
                    status__in=["received", "assigned", "consulting", "consulted", "proposing", "result_reported"]
                ),
                name="petition_open_due_idx",
            ),
            # The dashboard's open cases per member (stats.selectors.aggregates.by_member): an
            # index-only count of the open cases, never the closed ones (bench/dashboard.py: 22 ms
            # to 3 ms at 1,000,000 petitions). The status is a key column, not an INCLUDE one,
            # which SQLite (make run) does not have.
            models.Index(
                fields=["assigned_member", "workstation", "status"],
                condition=models.Q(
                    status__in=["received", "assigned", "consulting", "consulted", "proposing", "result_reported"],
                    merged_into__isnull=True,
                    assigned_member__isnull=False,
                ),
                name="petition_open_member_idx",
            ),
            models.Index(
                fields=["merged_into"], condition=models.Q(merged_into__isnull=False), name="petition_merged_into_idx"
            ),
            models.Index(
                fields=["recorded_by"], condition=models.Q(recorded_by__isnull=False), name="petition_recorded_by_idx"
            ),
            # The retention sweep: closed cases whose contact data is still there, oldest first.
            models.Index(
                fields=["closed_at"],
                condition=models.Q(anonymised_at__isnull=True, closed_at__isnull=False),
                name="petition_retention_idx",
            ),
        ]
        constraints = [
            # One index for uniqueness, lookups and LIKE 'prefix%' (a unique=True field gets two).
            models.UniqueConstraint(
                fields=["tracking_code"], opclasses=["varchar_pattern_ops"], name="petition_tracking_code_unique"
            ),
            models.UniqueConstraint(fields=["idempotency_key"], name="petition_idempotency_key_unique"),
            models.CheckConstraint(
                condition=~models.Q(is_anonymous=True) | _no_contact(),
                name="petition_anonymous_has_no_contact",
            ),
            models.CheckConstraint(
                condition=models.Q(consent_given=True) | _no_contact(),
                name="petition_contact_needs_consent",
            ),
            # A phone always has its lookup hash, and only a phone has one.
            models.CheckConstraint(
                condition=models.Q(citizen_phone="", citizen_phone_hash="")
                | (~models.Q(citizen_phone="") & ~models.Q(citizen_phone_hash="")),
                name="petition_phone_has_hash",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.MERGED) | models.Q(merged_into__isnull=False),
                name="petition_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")),
                name="petition_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(status__in=[Status.REPLIED, Status.CLOSED]),
                name="petition_outcome_only_when_replied",
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction="") | models.Q(status=Status.CLOSED) | models.Q(reopen_count__gt=0),
                name="petition_rated_only_after_close",
            ),
        ]

    def __str__(self):
        return f"{self.display_code} {self.content[:20]}"

    @property
    def display_code(self) -> str:
        return format_tracking_code(self.tracking_code)

    def get_tracking_url(self):
        return reverse("petitions:track_detail", kwargs={"code": self.tracking_code})


class PetitionPhoto(TimeStampedModel):
    """A photo a citizen attached, re-encoded on upload so that no EXIF or GPS data is kept."""

    petition = models.ForeignKey(Petition, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("图片"), upload_to="petitions/%Y/%m/")
    content_type = models.CharField(_("类型"), max_length=32)
    width = models.PositiveIntegerField(_("宽度"))
    height = models.PositiveIntegerField(_("高度"))
    size = models.PositiveIntegerField(_("字节数"))

    class Meta:
        ordering = ["petition", "id"]
        verbose_name = _("诉求图片")
        verbose_name_plural = _("诉求图片")

    def __str__(self):
        return self.image.name


class FollowUp(TimeStampedModel):
    """A follow-up call (回访) with the citizen after the case closed: who called and when, whether the
    citizen was reached, whether they were satisfied (blank when not reached or not asked) and a
    note. A reached, unsatisfied follow-up reopens the case, once, as an unsatisfied rating can
    (petitions.services.handling.petition_follow_up)."""

    petition = models.ForeignKey(Petition, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="follow_ups")
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("回访人"), on_delete=models.PROTECT, related_name="+"
    )
    called_at = models.DateTimeField(_("回访时间"), default=timezone.now)
    reached = models.BooleanField(_("联系上群众"))
    satisfied = models.BooleanField(_("群众满意"), null=True, blank=True)
    note = models.TextField(_("回访记录"), max_length=1000, blank=True)
    reopened = models.BooleanField(_("因回访重新办理"), default=False)

    class Meta:
        ordering = ["petition", "called_at", "id"]
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reached=True) | models.Q(satisfied__isnull=True, reopened=False),
                name="followup_unreached_has_no_answer",
            ),
        ]

    def __str__(self):
        return f"{self.petition_id} {self.called_at:%Y-%m-%d}"


class PetitionEventQuerySet(AppendOnlyQuerySet):
    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)


class PetitionEvent(AppendOnlyModel):
    """One entry in a petition's history: who did what and when, the status before and after, and a
    text meant either for the citizen (shown on /track/) or for staff only. Append-only: it is the
    timeline, the audit trail and a source of the statistics."""

    # Indexed by petition_event_timeline_idx, which starts with it.
    petition = models.ForeignKey(
        Petition, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="events", db_index=False
    )
    type = models.CharField(_("事件"), max_length=32, choices=EventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # petition_event_actor_idx, partial: the citizen's and the system's have none
    )
    # Who acted when there is no user: "群众", a department's name, "系统".
    actor_label = models.CharField(_("操作方"), max_length=100, blank=True)
    from_status = models.CharField(_("原状态"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=Status.choices, blank=True)
    visibility = models.CharField(_("可见范围"), max_length=16, choices=Visibility.choices, default=Visibility.INTERNAL)
    message = models.TextField(_("内容"), blank=True)
    data = models.JSONField(_("附加数据"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    objects = PetitionEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("诉求办理记录")
        verbose_name_plural = _("诉求办理记录")
        indexes = [
            models.Index(fields=["petition", "created_at"], name="petition_event_timeline_idx"),
            models.Index(fields=["type", "created_at"], name="petition_event_type_idx"),
            models.Index(fields=["actor"], condition=models.Q(actor__isnull=False), name="petition_event_actor_idx"),
        ]

    def __str__(self):
        return f"{self.petition_id} {self.get_type_display()}"


class Consultation(TimeStampedModel):
    """Track 3: a question a member put to a government department about one petition, and the
    department's answer."""

    petition = models.ForeignKey(
        Petition, verbose_name=_("诉求"), on_delete=models.PROTECT, related_name="consultations"
    )
    department = models.ForeignKey(
        "departments.Department", verbose_name=_("咨询部门"), on_delete=models.PROTECT, related_name="consultations"
    )
    question = models.TextField(_("咨询问题"), max_length=2000)
    asked_by = models.ForeignKey(
        "members.Member", verbose_name=_("咨询委员"), on_delete=models.PROTECT, related_name="consultations"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ConsultationStatus.choices, default=ConsultationStatus.PENDING
    )
    due_date = models.DateField(_("答复期限"))
    answer = models.TextField(_("部门答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("部门咨询")
        verbose_name_plural = _("部门咨询")
        indexes = [models.Index(fields=["status", "due_date"], name="consultation_status_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=ConsultationStatus.ANSWERED)
                | (~models.Q(answer="") & models.Q(answered_at__isnull=False)),
                name="consultation_answered_has_answer",
            ),
            models.UniqueConstraint(
                fields=["petition"],
                condition=models.Q(status=ConsultationStatus.PENDING),
                name="consultation_one_pending_per_petition",
            ),
        ]

    def __str__(self):
        return f"{self.petition.display_code} → {self.department}"


class CaseCoMember(models.Model):
    """One member invited to work a case beside its lead (协办委员): often of another sector, when a
    problem needs several sectors' knowledge ("members of several sectors put their heads
    together"). A co-member sees the case and its citizen as its handlers do, adds notes and replies,
    and shares its credit in the members' record; the lead (Petition.assigned_member) stays the one
    assignee who triages, consults, proposes and closes (petitions.services.comembers)."""

    petition = models.ForeignKey(Petition, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="co_members")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("协办委员"), on_delete=models.PROTECT, related_name="co_handled_cases"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("邀请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("邀请时间"), default=timezone.now)
    note = models.CharField(_("邀请说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        verbose_name = _("协办委员")
        verbose_name_plural = _("协办委员")
        constraints = [models.UniqueConstraint(fields=["petition", "member"], name="case_co_member_unique")]

    def __str__(self):
        return f"{self.petition_id} + {self.member_id}"
