from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("委员与值班")

    def ready(self):
        from accounts.models import User
        from common.cache_generations import bump_on_change
        from members.models import DutyAssignment, DutyRoster, Member, Sector
        from members.selectors import ON_DUTY_GENERATION, members_on_duty, members_on_duty_at
        from workstations.slots import duties_on, duties_on_many

        bump_on_change(ON_DUTY_GENERATION, DutyAssignment, DutyRoster, Member, Sector, User)
        # The public workstation page (workstations, below us) shows who is on duty (common.registry).
        duties_on.provide(members_on_duty)
        duties_on_many.provide(members_on_duty_at)
