from django.urls import path

from petitions.views import offline, public

app_name = "petitions"

urlpatterns = [
    path("w/<slug:code>/submit/", public.submit, name="submit"),
    path("w/<slug:code>/submit/done/", public.submit_done, name="submit_done"),
    path("track/", public.track, name="track"),
    path("track/<str:code>/", public.track_detail, name="track_detail"),
    path("track/<str:code>/rate/", public.track_rate, name="track_rate"),
    path("intake/new/", offline.record, name="offline_record"),
    path("intake/<int:pk>/receipt/", offline.receipt, name="offline_receipt"),
]
