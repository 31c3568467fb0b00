"""Who sees which statistics: office staff their CPPCC body and the bodies below it (superusers
everything), liaison officers their own workstations."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext

from departments.models import Department
from members.models import Sector
from petitions.models import Category
from workstations.models import CppccBody, Workstation
from workstations.permissions import workstations_in_scope

VIEW_STATISTICS = "petitions.view_statistics"


def stats_scope(user) -> frozenset[int] | None:
    """The workstation ids whose statistics this user may see; None for every workstation.

    Raises PermissionDenied for anyone who is neither office staff (petitions.view_statistics) nor
    a liaison officer. Office staff see the workstations of their body and the bodies below it
    (workstations.permissions), a liaison officer exactly the workstations they are liaison for:
    the same rows `Petition.objects.visible_to` gives them, so a figure and its list agree. An
    office whose body owns every workstation of the install (one body, or the top of the tree)
    gets None, so its dashboard keeps reading the install-wide figures."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if user.is_superuser:
        return None
    if user.has_perm(VIEW_STATISTICS):
        in_scope = workstations_in_scope(user)
        ids = frozenset(in_scope.values_list("pk", flat=True))
        if ids and not Workstation.objects.exclude(pk__in=in_scope.values("pk")).exists():
            return None
        return ids
    ids = frozenset(Workstation.objects.filter(liaison_officers=user).values_list("pk", flat=True))
    if not ids:
        raise PermissionDenied
    return ids


def workstation_tree() -> tuple[dict, list]:
    """(children by parent id, [(id, name, depth)] in tree order) from one query."""
    rows = list(Workstation.objects.order_by("name").values_list("pk", "name", "parent_id"))
    children: dict = {}
    for pk, _name, parent in rows:
        children.setdefault(parent, []).append(pk)
    names = {pk: name for pk, name, _parent in rows}
    ordered = []
    known = set(names)

    def walk(node, depth):
        for child in children.get(node, ()):
            ordered.append((child, names[child], depth))
            walk(child, depth + 1)

    walk(None, 0)
    # Orphans whose parent is missing cannot happen (PROTECT), but a cycle would hide rows: add them.
    for pk in known - {pk for pk, _n, _d in ordered}:
        ordered.append((pk, names[pk], 0))
    return children, ordered


def filter_choices(*, scope: frozenset[int] | None, ordered_workstations: list) -> dict:
    return {
        "workstation": [
            (pk, "　" * depth + name) for pk, name, depth in ordered_workstations if scope is None or pk in scope
        ],
        # A national sector's name in the reader's language (members.models.Sector.label).
        "sector": [(pk, gettext(name)) for pk, name in Sector.objects.values_list("pk", "name")],
        "category": list(Category.objects.values_list("pk", "name")),
        "department": list(_departments_in_scope(scope).values_list("pk", "name")),
    }


def _departments_in_scope(scope: frozenset[int] | None):
    """The departments of the bodies owning the workstations in scope (and those below them):
    a city's office filters by its own and its counties' bureaus, never a sibling city's."""
    if scope is None:
        return Department.objects.all()
    bodies = Workstation.objects.filter(pk__in=scope, body__isnull=False).values_list("body__path", flat=True)
    paths = sorted(set(bodies))
    if not paths:
        return Department.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Department.objects.filter(body__in=CppccBody.objects.filter(condition).values("pk"))
