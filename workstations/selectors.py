from django.db.models import QuerySet

from workstations.models import Workstation


def workstation_list_public() -> QuerySet[Workstation]:
    """Active workstations for the public home page, with their parent for grouping."""
    return Workstation.objects.active().select_related("parent").order_by("parent__name", "level", "name")
