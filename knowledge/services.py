from django.db import transaction
from django.utils.translation import gettext as _

from knowledge.models import Entry
from knowledge.permissions import MANAGE
from petitions.workflow import ActionNotAllowed
from workstations.permissions import user_body


def _require_manager(user) -> None:
    if not user.is_authenticated or not user.has_perm(MANAGE):
        raise ActionNotAllowed(_("只有办公室工作人员可以维护知识库。"))


@transaction.atomic
def entry_create(
    *,
    user,
    category,
    title: str,
    question: str,
    answer: str,
    policy_basis: str,
    shared_with_below: bool = False,
    body=None,
) -> Entry:
    """A new entry in the manager's own body's knowledge base (a superuser names the body)."""
    _require_manager(user)
    body = body if (body is not None and user.is_superuser) else user_body(user)
    if body is None:
        raise ActionNotAllowed(_("您尚未归属任何政协，不能维护知识库。"))
    entry = Entry(
        body=body,
        shared_with_below=shared_with_below,
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
    if not user.is_superuser and (entry.body_id is None or entry.body_id != getattr(user_body(user), "pk", None)):
        raise ActionNotAllowed(_("只能维护本级政协的知识库条目。"))
    allowed = {"category", "title", "question", "answer", "policy_basis", "is_active", "shared_with_below"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(entry, name, value.strip() if isinstance(value, str) else value)
    entry.updated_by = user
    entry.full_clean()
    entry.save(update_fields=[*fields, "updated_by", "updated_at"])
    return entry
