from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.access_log, name="access_log"),
    path("export.<str:fmt>", views.access_log_export, name="access_log_export"),
]
