from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoffsConfig(AppConfig):
    name = "handoffs"
    verbose_name = _("部门交接投递")

    def ready(self):
        # Consultations (petitions) and assignments (proposals) write their hand-off to the outbox
        # in their own transaction through these slots (common.registry).
        from handoffs.services import delivery_create_for_assignment, delivery_create_for_consultation
        from petitions.slots import consultation_handoff
        from proposals.slots import assignment_handoff

        consultation_handoff.provide(delivery_create_for_consultation)
        assignment_handoff.provide(delivery_create_for_assignment)
        # Registers the tasks that handoffs.services queues by name.
        import handoffs.tasks  # noqa: F401
