from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("微建议与交办")

    def ready(self):
        # The case page (petitions, below us) lists the proposals made from a case (common.registry).
        from petitions import slots
        from proposals.case_panel import proposal_case_panel
        from proposals.selectors import (
            petition_ids_assigned_to_department,
            proposals_for_case,
            proposals_open_for_petitions,
        )

        slots.proposals_for_case.provide(proposals_for_case)
        slots.proposals_open_for_member.provide(proposals_open_for_petitions)
        slots.proposal_case_panel.provide(proposal_case_panel)
        slots.petitions_assigned_to_department.provide(petition_ids_assigned_to_department)
        _timeline_templates()


def _timeline_templates() -> None:
    """The templates proposals.services writes case timeline messages with, so that a staff reader
    in another language reads them translated (petitions.events.event_text)."""
    from django.utils.translation import gettext_noop as N

    from petitions.choices import EventType as E
    from petitions.events import timeline_templates_add as add

    add(E.PROPOSAL_DRAFTED, N("委员已实地走访核实，正在起草%(kind)s。"))
    add(E.PROPOSAL_SUBMITTED, N("委员已提交%(kind)s，等待政协审核。"))
    add(E.PROPOSAL_RETURNED, N("委员撤回建议，将重新确定办理方式。%(reason)s"))
    add(E.PROPOSAL_ACCEPTED, N("建议已通过政协审核，即将交办相关部门。"))
    add(
        E.PROPOSAL_ASSIGNED,
        N("建议已交办%(lead)s（主办）。"),
        N("建议已交办%(lead)s（主办），%(co)s（会办）。"),
        N("建议改为交办%(department)s。"),
        N("审核人员维持交办%(department)s：%(note)s"),
    )
    add(E.PROPOSAL_FORWARDED, N("%(from)s已将建议转报%(to)s审核。"), N("%(from)s已将建议转报%(to)s审核：%(reason)s"))
    add(
        E.NOTE,
        N("同意%(department)s延期至 %(date)s。"),
        N("不同意%(department)s延期（原期限 %(date)s）。"),
        N("审核人员评定承办部门：%(summary)s。"),
    )
