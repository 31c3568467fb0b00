"""Casework pages for staff: `/inbox/` and `/cases/<pk>/…`."""

from django.urls import path

from petitions.views import staff
from petitions.views.staff import ACTIONS

app_name = "casework"

urlpatterns = [
    path("inbox/", staff.inbox, name="inbox"),
    path("cases/<int:pk>/", staff.case_detail, name="case_detail"),
    path("cases/<int:pk>/photos/<int:photo_pk>/", staff.case_photo, name="case_photo"),
    *[
        path(f"cases/<int:pk>/{action}/", staff.case_action, {"action": action}, name=f"case_{action}")
        for action in ACTIONS
    ],
]
