from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import signin
from common.views import healthz
from config.metrics import metrics
from config.readiness import readyz

admin.site.site_header = "委员工作室管理"
admin.site.site_title = "委员工作室"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("admin/", admin.site.urls),
    # Before Django's auth URLs: the same login view, with the lockout-aware form.
    path("accounts/login/", signin, name="login"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_urls", namespace="api")),
    path("open311/v2/", include("petitions.api.open311.urls", namespace="open311")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's init script as a file (?script), so the CSP needs no inline script.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("audit/", include("audit.urls")),
    path("notifications/", include("accounts.notification_urls")),
    path("dashboard/", include("stats.urls")),
    path("history/", include("history.urls")),
    path("", include("members.urls")),
    path("", include("workstations.urls")),
    path("", include("petitions.urls.public")),
    path("", include("petitions.urls.staff")),
    path("", include("proposals.urls")),
    path("", include("departments.urls")),
    path("", include("knowledge.urls")),
    path("", include("topics.urls")),
]

# Every refusal is recorded (path, user, address) before the usual 403 page.
handler403 = "audit.views.permission_denied"
# Under /api/, an unmatched path is answered with the API's error body (JSON), not an HTML page.
handler404 = "config.api_errors.page_not_found"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
