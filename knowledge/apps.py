from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "knowledge"
    verbose_name = _("答复知识库")

    def ready(self):
        # The four-step reply (petitions, below us) cites entries of the knowledge base (common.registry).
        from knowledge.selectors import entries_active, entry_get_active, entry_search
        from petitions import slots

        slots.answers_active.provide(entries_active)
        slots.answer_search.provide(entry_search)
        slots.answer_get.provide(entry_get_active)
