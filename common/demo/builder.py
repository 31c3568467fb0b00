"""Builds the Yiyang demo. Every step is idempotent: it looks a row up by its natural key (a
username, a workstation code, a petition's demo key) before writing it, so running the seed twice
leaves the same counts."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.roles import roles_sync
from common.demo.cases import SCENARIOS
from common.demo.people import DEMO_PASSWORD, DemoAccounts, people_and_places_build
from common.demo.rosters import rosters_build
from common.demo.topics import topics_build
from petitions.models import Petition

__all__ = ["DEMO_PASSWORD", "DemoAccounts", "DemoBuilder"]


class DemoBuilder:
    """Writes the demo in one transaction; the parts read what earlier parts built from it
    (workstations, members, departments, categories by their codes)."""

    def __init__(self, *, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.accounts = DemoAccounts()

    @transaction.atomic
    def build(self) -> DemoAccounts:
        roles_sync()
        self.build_people_and_places()
        self.build_rosters()
        self.build_petitions()
        topics_build(self)
        return self.accounts

    # Each part is a module of its own: people.py, rosters.py, cases/ (one module per track, with
    # what a case hands to departments.py and proposals.py).

    def build_people_and_places(self) -> None:
        people_and_places_build(self)

    def build_rosters(self) -> None:
        rosters_build(self)

    # --- petitions -----------------------------------------------------------------------

    def build_petitions(self) -> None:
        for scenario in SCENARIOS:
            key = f"demo:{scenario.key}"
            if Petition.objects.filter(idempotency_key=key).exists():
                continue
            scenario.build(self, key)

    def days_ago(self, days: float, hour: int = 10) -> datetime.datetime:
        moment = self.now - datetime.timedelta(days=days)
        return moment.replace(hour=hour, minute=0, second=0, microsecond=0)
