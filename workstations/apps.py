from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkstationsConfig(AppConfig):
    name = "workstations"
    verbose_name = _("委员工作室")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from workstations.models import Workstation
        from workstations.selectors import workstation_public_forget

        post_save.connect(workstation_public_forget, sender=Workstation, dispatch_uid="workstation_public_save")
        post_delete.connect(workstation_public_forget, sender=Workstation, dispatch_uid="workstation_public_delete")
