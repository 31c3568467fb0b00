from django.urls import path

from knowledge.api import views

urlpatterns = [
    path("knowledge/", views.EntryListView.as_view(), name="knowledge-list"),
    path("knowledge/<int:pk>/", views.EntryDetailView.as_view(), name="knowledge-detail"),
]
