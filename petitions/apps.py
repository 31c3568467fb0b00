from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("群众诉求")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from audit import slots as audit_slots
        from petitions.models import Category
        from petitions.selectors import category_list_version_forget
        from petitions.selectors.staff import access_log_scope

        audit_slots.access_log_scope.provide(access_log_scope)

        # A renamed, added or retired category shows on the citizen's form at once.
        post_save.connect(category_list_version_forget, sender=Category, dispatch_uid="category_version_save")
        post_delete.connect(category_list_version_forget, sender=Category, dispatch_uid="category_version_delete")
