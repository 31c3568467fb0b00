"""The product's URLs plus /bench/floor/, the bare view the intake path is compared with."""

from django.urls import path

from bench.views import ApiFloor, floor
from config.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("bench/api-floor/", ApiFloor.as_view(), name="bench-api-floor"),
    *product_urlpatterns,
]
