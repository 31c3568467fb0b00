"""`/api/v1/`, the `api` namespace: each app's routes live in its own `api/urls.py` and are
mounted here, nowhere else."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("", include("petitions.api.urls")),
    path("", include("handoffs.api.urls")),
    path("stats/", include("stats.api.urls")),
    path("", include("departments.api.urls")),
    path("", include("proposals.api.urls")),
    path("", include("members.api.urls")),
    path("", include("workstations.api.urls")),
    path("", include("knowledge.api.urls")),
    path("", include("topics.api.urls")),
    # Public categories and rating a case: beside the petitions API, in files of their own.
    path("", include("petitions.api.public_urls")),
]
