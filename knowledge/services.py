from django.db import transaction
from django.utils.translation import gettext as _

from knowledge.models import Entry
from knowledge.permissions import MANAGE
from petitions.workflow import ActionNotAllowed


def _require_manager(user) -> None:
    if not user.is_authenticated or not user.has_perm(MANAGE):
        raise ActionNotAllowed(_("只有办公室工作人员可以维护知识库。"))


@transaction.atomic
def entry_create(*, user, category, title: str, question: str, answer: str, policy_basis: str) -> Entry:
    _require_manager(user)
    entry = Entry(
        category=category,
        title=title.strip(),
        question=question.strip(),
        answer=answer.strip(),
        policy_basis=policy_basis.strip(),
        updated_by=user,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def entry_update(*, user, entry: Entry, **fields) -> Entry:
    _require_manager(user)
    allowed = {"category", "title", "question", "answer", "policy_basis", "is_active"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(entry, name, value.strip() if isinstance(value, str) else value)
    entry.updated_by = user
    entry.full_clean()
    entry.save(update_fields=[*fields, "updated_by", "updated_at"])
    return entry
