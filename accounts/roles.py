"""The roles, as Django groups built from permissions. The one place that says which role may do what.

A role only grants kinds of actions. *Which* rows a person may act on (their workstation, their
department, the cases assigned to them) is decided by the querysets in each app's `permissions.py`.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LIAISON_OFFICER = "liaison_officer", _("联络员")
    MEMBER = "member", _("政协委员")
    REVIEWER = "reviewer", _("审核人员")
    DEPARTMENT_HANDLER = "department_handler", _("部门办理人员")
    OFFICE_STAFF = "office_staff", _("办公室工作人员")


# Roles whose holders must sign in with a second factor when settings.STAFF_2FA_REQUIRED is on
# (superusers too). The other roles may enrol an authenticator app of their own accord.
SECOND_FACTOR_ROLES: tuple[Role, ...] = (Role.REVIEWER, Role.OFFICE_STAFF)


# Group names are what an administrator sees in the admin; they are the Chinese role names.
def role_group_name(role: Role) -> str:
    return str(role.label)


ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.LIAISON_OFFICER: [
        "members.manage_rosters",
        "members.view_dutyroster",
        "members.view_member",
        "petitions.record_offline_petition",
        "petitions.assign_petition",
        "petitions.mark_spam",
        "petitions.erase_citizen_contact",
        "petitions.view_petition",
    ],
    Role.MEMBER: [
        "members.view_dutyroster",
        "petitions.record_offline_petition",
        "petitions.handle_petition",
        "petitions.view_petition",
        "proposals.draft_proposal",
        "proposals.view_proposal",
    ],
    Role.REVIEWER: [
        "petitions.view_petition",
        "proposals.review_proposal",
        "proposals.view_proposal",
        "departments.view_department",
    ],
    Role.DEPARTMENT_HANDLER: [
        "departments.handle_handoff",
    ],
    Role.OFFICE_STAFF: [
        "audit.view_accesslog",
        "petitions.view_all_petitions",
        "petitions.erase_citizen_contact",
        "petitions.view_petition",
        "petitions.view_statistics",
        "petitions.manage_knowledge",
        "proposals.view_proposal",
        "members.view_dutyroster",
        "members.view_member",
        "departments.view_department",
        "accounts.unlock_signin",
        "accounts.manage_api_tokens",
        "history.import_history",
        "topics.manage_topic",
    ],
}


def _permissions(dotted_names: list[str]) -> list[Permission]:
    wanted = {tuple(name.split(".")) for name in dotted_names}
    rows = Permission.objects.filter(
        content_type__app_label__in={app for app, _codename in wanted}, codename__in={c for _a, c in wanted}
    ).select_related("content_type")
    return [row for row in rows if (row.content_type.app_label, row.codename) in wanted]


def roles_sync() -> dict[Role, Group]:
    """Create the role groups and add the permissions above that a group lacks (those that exist
    yet: during a first migrate, apps' permissions appear one app at a time). A permission an
    administrator added to a group by hand stays: the code only ever adds. `manage.py roles_diff`
    shows where the database and the code differ."""
    groups = {}
    for role, dotted_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role_group_name(role))
        group.permissions.add(*_permissions(dotted_names))
        groups[role] = group
    return groups


@dataclass(frozen=True)
class RoleDiff:
    """How a role's group in the database differs from ROLE_PERMISSIONS."""

    missing: list[str]  # in the code, not in the group (roles_sync adds them at the next migrate)
    extra: list[str]  # in the group, not in the code (added by an administrator; kept)
    group_exists: bool = True


def roles_diff() -> dict[Role, RoleDiff]:
    """Each role's differences between the code and the database's group ("app_label.codename")."""
    diffs = {}
    for role, dotted_names in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=role_group_name(role)).first()
        held = set()
        if group is not None:
            held = {
                f"{app_label}.{codename}"
                for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
            }
        wanted = set(dotted_names)
        diffs[role] = RoleDiff(
            missing=sorted(wanted - held), extra=sorted(held - wanted), group_exists=group is not None
        )
    return diffs


def roles_sync_after_migrate(sender, app_config=None, using="default", **kwargs):
    # After every app's post_migrate (Django creates that app's permissions just before): the
    # last call sees them all, whichever app comes last and whether or not it has models.
    # It only adds: a permission an administrator gave a group by hand survives the deploy.
    roles_sync()


def user_has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    return user.groups.filter(name=role_group_name(role)).exists()
