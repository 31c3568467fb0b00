"""`/api/v1/`, the `api` namespace: each app's routes live in its own `api/urls.py` and are
mounted here, nowhere else."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("", include("petitions.api.urls")),
    path("", include("handoffs.api.urls")),
    path("stats/", include("stats.api.urls")),
]
