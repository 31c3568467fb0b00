from django.urls import path

from workstations import views

app_name = "workstations"

urlpatterns = [
    path("", views.home, name="home"),
    path("w/<slug:code>/", views.detail, name="detail"),
    path("w/<slug:code>/qr.svg", views.qr_code_svg, name="qr_svg"),
    path("w/<slug:code>/qr.png", views.qr_code_png, name="qr_png"),
    path("w/<slug:code>/poster/", views.poster, name="poster"),
]
