from django.urls import path

from opinions import views

app_name = "opinions"

urlpatterns = [
    path("opinions/", views.report_list, name="list"),
    path("opinions/new/", views.report_new, name="new"),
    path("opinions/<int:pk>/", views.report_detail, name="detail"),
    path("opinions/<int:pk>/edit/", views.report_edit, name="edit"),
    path("opinions/<int:pk>/forward/", views.report_forward, name="forward"),
    path("opinions/<int:pk>/export.docx", views.report_export, name="export"),
    path("opinions/<int:pk>/print/", views.report_print, name="print"),
]
