from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkstationsConfig(AppConfig):
    name = "workstations"
    verbose_name = _("委员工作室")

    def ready(self):
        from common.cache_generations import bump_on_change
        from workstations.models import CppccBody, Workstation
        from workstations.selectors import PUBLIC_GENERATION

        bump_on_change(PUBLIC_GENERATION, Workstation)
        # The cached workstation carries its body chain (deadline defaults): a body edit applies too.
        bump_on_change(PUBLIC_GENERATION, CppccBody)
