from django.urls import path

from history import views

app_name = "history"

urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.template_download, name="template"),
    path("import/<int:pk>/", views.batch_page, name="batch"),
    path("import/<int:pk>/status.json", views.batch_status, name="status"),
    path("import/<int:pk>/report.xlsx", views.batch_report, name="report"),
    path("import/<int:pk>/import-valid/", views.batch_import_valid, name="import_valid"),
    path("import/<int:pk>/cancel/", views.batch_cancel, name="cancel"),
]
