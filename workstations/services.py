"""Writes of the workstations app: CPPCC bodies and who works for them."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from workstations.models import BodyMembership, CppccBody


class BodyError(ValueError):
    """A body change that would break the tree (a body under itself or under one of its own)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _path_for(body: CppccBody) -> str:
    parent_path = body.parent.path if body.parent_id else "/"
    return f"{parent_path}{body.pk}/"


def body_parent_check(*, body: CppccBody, parent: CppccBody | None) -> None:
    """Refuse a parent that is the body itself or one of the bodies below it."""
    if body.pk is None or parent is None:
        return
    if parent.pk == body.pk or f"/{body.pk}/" in parent.path:
        raise BodyError(_("上级政协不能是本级或其下级政协。"))


@transaction.atomic
def body_save(*, body: CppccBody) -> CppccBody:
    """Save a body (new or changed) and keep `path` right for it and every body below it.

    Who may: the admin's superusers (the admin is the only editor). Refuses a parent that is the
    body itself or one of the bodies below it, so the tree stays a tree."""
    if body.parent_id is not None:
        body_parent_check(body=body, parent=CppccBody.objects.get(pk=body.parent_id))
    old_path = CppccBody.objects.filter(pk=body.pk).values_list("path", flat=True).first() if body.pk else None
    body.save()
    new_path = _path_for(body)
    if new_path != body.path:
        body.path = new_path
        body.save(update_fields=["path"])
    if old_path and old_path != new_path:
        # Every body below follows: its path starts with ours.
        for below in CppccBody.objects.filter(path__startswith=old_path).exclude(pk=body.pk).order_by("path"):
            below.path = new_path + below.path[len(old_path) :]
            below.save(update_fields=["path"])
    return body


@transaction.atomic
def body_membership_set(*, user, body: CppccBody | None) -> None:
    """Put a reviewer or office staff member in a body (None: in none, so they see nothing)."""
    if body is None:
        BodyMembership.objects.filter(user=user).delete()
    else:
        BodyMembership.objects.update_or_create(user=user, defaults={"body": body})
    user.__dict__.pop("_cppcc_body", None)
