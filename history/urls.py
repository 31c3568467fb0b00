from django.urls import path

from history import views

app_name = "history"

urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.template_download, name="template"),
    path("import/<int:pk>/", views.batch_page, name="batch"),
    path("import/<int:pk>/confirm/", views.batch_confirm, name="confirm"),
    path("import/<int:pk>/cancel/", views.batch_cancel, name="cancel"),
]
