from history.models import ImportBatch


def batch_recent_list(*, limit: int = 20):
    return ImportBatch.objects.select_related("created_by").order_by("-created_at")[:limit]


def batch_get(*, pk: int) -> ImportBatch:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
