"""/open311/v2/: each method with a .json or .xml suffix (or none: XML, or ?format=)."""

from django.urls import re_path

from petitions.api.open311 import views

app_name = "open311"

FORMAT = r"(?:\.(?P<format>json|xml))?"

urlpatterns = [
    re_path(rf"^discovery{FORMAT}$", views.DiscoveryView.as_view(), name="discovery"),
    re_path(rf"^services{FORMAT}$", views.ServiceListView.as_view(), name="services"),
    re_path(rf"^services/(?P<service_code>[^/]+?){FORMAT}$", views.ServiceDefinitionView.as_view(), name="service"),
    re_path(rf"^requests{FORMAT}$", views.RequestsView.as_view(), name="requests"),
    re_path(rf"^requests/(?P<service_request_id>[^/]+?){FORMAT}$", views.RequestDetailView.as_view(), name="request"),
    # Anything else under /open311/v2/ (say requests.csv) is a 404 in the spec's error body.
    re_path(r"^", views.NotFoundView.as_view(), name="not-found"),
]
