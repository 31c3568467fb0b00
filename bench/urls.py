"""The product's URLs plus /bench/floor/, the bare view the intake path is compared with."""

from django.urls import path

from bench.views import floor
from config.urls import urlpatterns as product_urlpatterns

urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *product_urlpatterns]
