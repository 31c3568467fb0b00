"""Every API route lives in its app's api/ package and is mounted under /api/v1/ in the `api`
namespace (config/api_urls.py); the pages stay outside it."""

from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver
from rest_framework.views import APIView


def _routes(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from _routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry.callback


def _is_api_view(callback) -> bool:
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


def test_every_api_view_is_under_api_v1_in_the_api_namespace_and_in_its_apps_api_package():
    # given every DRF view the project routes, apart from the schema and its docs
    api_views = [
        (route, namespace, callback.__module__)
        for route, namespace, callback in _routes()
        if _is_api_view(callback) and not callback.__module__.startswith("drf_spectacular")
    ]

    # then each is mounted under api/v1/, in the api namespace, from <app>.api; but Open311, whose
    # path /open311/v2/ is part of the public contract (SPEC.md), in its own namespace
    def mounted(route, namespace):
        if route.startswith("open311/v2/"):
            return namespace == "open311"
        return route.startswith("api/v1/") and namespace.split(":")[0] == "api"

    misplaced = [
        (route, namespace, module)
        for route, namespace, module in api_views
        if not (mounted(route, namespace) and module.split(".")[1:2] == ["api"])
    ]
    assert misplaced == []
    assert {module.split(".")[0] for _route, _namespace, module in api_views} == {
        "petitions",
        "handoffs",
        "stats",
        "departments",
        "proposals",
        "members",
        "workstations",
        "knowledge",
        "history",
        "topics",
    }


def test_the_stats_api_keeps_its_paths():
    assert reverse("api:stats-api:summary") == "/api/v1/stats/summary/"
    assert reverse("api:stats-api:members") == "/api/v1/stats/members/"
    assert reverse("api:petition-submit") == "/api/v1/petitions/"
    assert reverse("api:handoffs_api:department_webhook", args=[7]) == "/api/v1/departments/7/webhook/"
