"""Which CPPCC body's rows a person may see: the one rule behind every scope.

A reviewer or an office staff member works for one body (BodyMembership). Their *scope* is that
body and the bodies below it (a city's office sees its counties, never a sibling city's); a
superuser's scope is everything (None). Someone with no body sees no body's rows. Each app's
permissions.py asks these functions; none of them builds its own body filter.

Everything here is a subquery on CppccBody.path (one index range), not a walk of the tree, so a
list pays one extra query per request at most: the user's body, cached on the user object."""

from django.db.models import Q, QuerySet

from workstations.models import BodyMembership, CppccBody, Workstation

_CACHE = "_cppcc_body"


def user_body(user) -> CppccBody | None:
    """The body this signed-in user works for, or None (cached on the user for the request)."""
    if user is None or not user.is_authenticated:
        return None
    if _CACHE not in user.__dict__:
        membership = BodyMembership.objects.select_related("body").filter(user_id=user.pk).first()
        user.__dict__[_CACHE] = membership.body if membership is not None else None
    return user.__dict__[_CACHE]


def sees_every_body(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def bodies_in_scope(user) -> QuerySet[CppccBody] | None:
    """The bodies whose rows this user may see: their body and those below; None for all."""
    if sees_every_body(user):
        return None
    body = user_body(user)
    if body is None:
        return CppccBody.objects.none()
    return CppccBody.objects.filter(path__startswith=body.path)


def workstations_in_scope(user) -> QuerySet[Workstation] | None:
    """The workstations of the bodies in scope (a queryset to use as a subquery); None for all."""
    bodies = bodies_in_scope(user)
    if bodies is None:
        return None
    return Workstation.objects.filter(body__in=bodies.values("pk"))


def is_body_in_scope(user, body_id: int | None) -> bool:
    if sees_every_body(user):
        return True
    body = user_body(user)
    if body is None or body_id is None:
        return False
    return body_id == body.pk or CppccBody.objects.filter(pk=body_id, path__startswith=body.path).exists()


def acts_for_body(user, body_id: int | None) -> bool:
    """Whether this user decides for that very body (a reviewer reviews and assigns only for their
    own body, not for those below); superusers for every body."""
    if sees_every_body(user):
        return True
    body = user_body(user)
    return body is not None and body_id is not None and body.pk == body_id


def reader_body_ids(user) -> tuple[set[int], set[int]]:
    """(the bodies this user works in, the bodies above those): for what a body shares with the
    bodies below it (the knowledge base). Staff work in their body; liaison officers and members in
    the bodies owning their workstations. One query."""
    if user is None or not user.is_authenticated:
        return set(), set()
    liaison = Workstation.objects.filter(liaison_officers=user).values("body")
    served = Workstation.objects.filter(members__user=user, members__is_active=True).values("body")
    paths = CppccBody.objects.filter(Q(pk__in=liaison) | Q(pk__in=served) | Q(memberships__user=user)).values_list(
        "path", flat=True
    )
    own, above = set(), set()
    for path in set(paths):
        ids = [int(part) for part in path.strip("/").split("/") if part]
        if ids:
            own.add(ids[-1])
            above.update(ids[:-1])
    return own, above - own
