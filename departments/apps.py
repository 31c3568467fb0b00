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

        _timeline_templates()


def _timeline_templates() -> None:
    """The templates departments.services writes case timeline messages with (petitions.events.event_text)."""
    from django.utils.translation import gettext_noop as N

    from petitions.choices import EventType as E
    from petitions.events import timeline_templates_add as add

    add(E.DEPARTMENT_ACKNOWLEDGED, N("%(department)s已签收，正在办理。"))
    add(E.RESULT_REPORTED, N("%(department)s已反馈办理结果，委员正在确认。"))
    add(E.NOTE, N("%(department)s（会办）提交会办意见：%(result)s"), N("%(department)s申请延期至 %(date)s：%(reason)s"))
