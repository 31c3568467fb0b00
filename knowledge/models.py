from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel


class EntryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Entry(TimeStampedModel):
    """One answer in the knowledge base: a question citizens often ask in a category, the answer a
    member can insert into a reply, and the policy text it rests on (so a track-1 explanation can
    cite it)."""

    category = models.ForeignKey(
        "petitions.Category", verbose_name=_("类别"), on_delete=models.PROTECT, related_name="knowledge_entries"
    )
    title = models.CharField(_("标题"), max_length=200)
    question = models.TextField(_("常见问题"), max_length=2000)
    answer = models.TextField(_("参考答复"), max_length=5000)
    policy_basis = models.TextField(_("政策依据"), max_length=2000)
    # The CPPCC body whose knowledge base this is; with `shared_with_below` the bodies below it
    # (a city's counties) read it as well (knowledge.permissions).
    body = models.ForeignKey(
        "workstations.CppccBody",
        verbose_name=_("所属政协"),
        null=True,
        on_delete=models.PROTECT,
        related_name="knowledge_entries",
    )
    shared_with_below = models.BooleanField(_("下级政协共享"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("维护人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["category__sort_order", "title"]
        verbose_name = _("知识库条目")
        verbose_name_plural = _("知识库条目")
        constraints = [
            models.CheckConstraint(condition=~models.Q(policy_basis=""), name="knowledge_entry_has_policy"),
        ]

    def __str__(self):
        return self.title
