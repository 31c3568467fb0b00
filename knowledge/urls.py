from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("knowledge/", views.entry_list, name="list"),
    path("knowledge/new/", views.entry_edit, name="new"),
    path("knowledge/<int:pk>/edit/", views.entry_edit, name="edit"),
]
