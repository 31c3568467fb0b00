from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("访问审计")

    def ready(self):
        from audit import checks  # noqa: F401  (registers the retention check)
        from audit.receivers import receivers_connect

        receivers_connect()
