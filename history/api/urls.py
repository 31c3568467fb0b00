from django.urls import path

from history.api import views

urlpatterns = [
    path("history/imports/", views.BatchUploadView.as_view(), name="history-import-list"),
    path("history/imports/<int:pk>/", views.BatchDetailView.as_view(), name="history-import-detail"),
    path("history/imports/<int:pk>/refusals/", views.BatchRefusalsView.as_view(), name="history-import-refusals"),
    path("history/imports/<int:pk>/import-valid/", views.BatchImportValidView.as_view(), name="history-import-valid"),
]
