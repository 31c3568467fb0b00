from django.urls import path

from workstations.api import views

urlpatterns = [
    path("bodies/", views.BodyListView.as_view(), name="body-list"),
    path("workstations/", views.WorkstationListView.as_view(), name="workstation-list"),
    path("workstations/<slug:code>/", views.WorkstationDetailView.as_view(), name="workstation-detail"),
]
