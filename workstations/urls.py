from django.urls import path

from workstations import views

app_name = "workstations"

urlpatterns = [
    path("", views.home, name="home"),
]
