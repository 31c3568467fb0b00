"""Who may read and who may keep the knowledge base: the one rule the pages and the API ask.

Each CPPCC body keeps its own entries; an entry marked `shared_with_below` is read by the bodies
below it too (a city's answers in its counties). A manager (office staff) keeps their own body's."""

from django.db.models import Q

from workstations.permissions import reader_body_ids, sees_every_body, user_body

MANAGE = "petitions.manage_knowledge"
# Everyone handling cases reads it: members, liaison officers, office staff.
CAN_READ = ("petitions.handle_petition", MANAGE, "petitions.assign_petition")


def may_read_knowledge(user) -> bool:
    return bool(user.is_authenticated and any(user.has_perm(name) for name in CAN_READ))


def may_manage_knowledge(user) -> bool:
    """A manager also sees the entries taken out of use."""
    return bool(user.is_authenticated and user.has_perm(MANAGE))


def entry_reader_filter(user) -> Q | None:
    """The entries this reader may read, as a Q; None for every entry (superusers)."""
    if sees_every_body(user):
        return None
    own, above = reader_body_ids(user)
    return Q(body_id__in=own) | Q(body_id__in=above, shared_with_below=True)


def entry_manager_filter(user) -> Q | None:
    """The entries this manager may edit: their own body's; None for every entry (superusers)."""
    if sees_every_body(user):
        return None
    body = user_body(user)
    return Q(body=body) if body is not None else Q(pk__in=[])
