from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.two_factor_setup, name="two_factor"),
    path("verify/", views.two_factor_verify, name="two_factor_verify"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
