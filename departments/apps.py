from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepartmentsConfig(AppConfig):
    name = "departments"
    verbose_name = _("承办部门")

    def ready(self):
        # Hand down to petitions and proposals what only the departments app knows (common.registry).
        from departments.permissions import is_department_handler
        from departments.selectors import departments_active
        from petitions import slots as petition_slots
        from proposals import slots as proposal_slots

        for slots in (petition_slots, proposal_slots):
            slots.department_handler_check.provide(is_department_handler)
            slots.departments_active.provide(departments_active)
