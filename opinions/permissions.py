"""Who sees and does what with public-opinion reports (社情民意信息).

- members: the reports they reflect (author), and write them from the cases they handle (lead or
  co-member);
- liaison officers: the reports of their workstations; they write them from their cases too, and
  record the forwarding;
- office staff (those who see every case): every report, and record the forwarding;
- everyone else: nothing. A report holds no citizen's personal data, but it is internal until the
  body above publishes it."""

from django.db.models import Q

from petitions.permissions import VIEW_ALL_PETITIONS, member_for


def is_office_staff(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_perm(f"petitions.{VIEW_ALL_PETITIONS}"))


def opinion_visibility_filter(user) -> Q | None:
    """The rows of OpinionReport this user may see, as a Q; None means every row."""
    from workstations.models import Workstation

    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_office_staff(user):
        return None
    condition = Q(workstation__in=Workstation.objects.filter(liaison_officers=user).values("pk")) | Q(created_by=user)
    member = member_for(user)
    if member is not None:
        condition |= Q(author=member)
    return condition


def can_write(user) -> bool:
    """Members, liaison officers and office staff write reports (which cases: services)."""
    from workstations.models import Workstation

    if not user.is_authenticated:
        return False
    return (
        member_for(user) is not None
        or is_office_staff(user)
        or Workstation.objects.filter(liaison_officers=user).exists()
    )


def can_edit(user, report) -> bool:
    """The writer (or the member who reflects it) while the report is a draft."""
    from opinions.choices import Status

    if report.status != Status.DRAFT or not user.is_authenticated:
        return False
    member = member_for(user)
    return report.created_by_id == user.pk or (member is not None and report.author_id == member.pk)


def can_forward(user, report) -> bool:
    """Office staff, and the liaison officers of the report's workstation, record the forwarding."""
    from opinions.choices import Status

    if report.status != Status.DRAFT or not user.is_authenticated:
        return False
    return is_office_staff(user) or report.workstation.liaison_officers.filter(pk=user.pk).exists()
