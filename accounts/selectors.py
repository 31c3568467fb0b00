"""Every read of accounts: which usernames and addresses are locked out of signing in now."""

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Max, Sum
from django.utils import timezone


@dataclass(frozen=True)
class SigninLock:
    """A username or an address that has reached the failure limit within the cool-off."""

    value: str
    failures: int
    last_failure_at: datetime
    until: datetime
    usernames: int  # for an address: how many different usernames were tried from it


def _locks(field: str, limit: int) -> list[SigninLock]:
    cool_off = settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
    attempts = attempts.exclude(**{f"{field}__isnull": True})
    if field == "username":
        # (ip_address is an inet column on PostgreSQL: comparing it with "" is not valid there)
        attempts = attempts.exclude(username="")
    rows = (
        attempts.values(field)
        .annotate(
            failures=Sum("failures_since_start"),
            last=Max("attempt_time"),
            usernames=Count("username", distinct=True),
        )
        .filter(failures__gte=limit)
        .order_by("-last")
    )
    return [
        SigninLock(
            value=row[field],
            failures=row["failures"],
            last_failure_at=row["last"],
            until=row["last"] + cool_off,
            usernames=row["usernames"],
        )
        for row in rows
    ]


def signin_locks_by_username() -> list[SigninLock]:
    return _locks("username", settings.AXES_FAILURE_LIMIT)


def signin_locks_by_address() -> list[SigninLock]:
    return _locks("ip_address", settings.SIGNIN_ADDRESS_FAILURE_LIMIT)
