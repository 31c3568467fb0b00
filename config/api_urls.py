"""`/api/v1/`: every app adds its routes here, either to the router or as an include."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

app_name = "api"

router = DefaultRouter()
# router.register("...", SomeViewSet, basename="...")

urlpatterns = [
    path("", include("petitions.api.urls")),
    path("", include("handoffs.api.urls")),
    *router.urls,
]
