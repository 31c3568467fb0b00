from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("微建议与交办")

    def ready(self):
        # The case page (petitions, below us) lists the proposals made from a case (common.registry).
        from petitions import slots
        from proposals.selectors import (
            petition_ids_assigned_to_department,
            proposals_for_case,
            proposals_open_for_petitions,
        )

        slots.proposals_for_case.provide(proposals_for_case)
        slots.proposals_open_for_member.provide(proposals_open_for_petitions)
        slots.petitions_assigned_to_department.provide(petition_ids_assigned_to_department)
