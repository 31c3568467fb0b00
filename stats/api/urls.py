from django.urls import path

from stats.api import views

app_name = "stats-api"

urlpatterns = [
    path("summary/", views.summary, name="summary"),
    path("trend/", views.trend, name="trend"),
    path("categories/", views.categories, name="categories"),
    path("workstations/", views.workstations, name="workstations"),
    path("departments/", views.departments, name="departments"),
    path("members/", views.members, name="members"),
]
