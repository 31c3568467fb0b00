from django.urls import path

from petitions.api.staff import (
    StaffPetitionDetailView,
    StaffPetitionEventsView,
    StaffPetitionListView,
    StaffPetitionPhotoFileView,
    StaffPetitionPhotosView,
)
from petitions.api.staff_actions import ACTION_VIEWS
from petitions.api.track import TrackView
from petitions.api.views import PetitionSubmitView, SimilarCasesView

urlpatterns = [
    path("petitions/", PetitionSubmitView.as_view(), name="petition-submit"),
    path("petitions/similar/", SimilarCasesView.as_view(), name="petition-similar"),
    path("track/<str:code>/", TrackView.as_view(), name="track"),
    # Staff: the cases the caller may see, by id or tracking code (petitions/api/staff.py).
    path("staff/petitions/", StaffPetitionListView.as_view(), name="staff-petition-list"),
    path("staff/petitions/<str:ref>/", StaffPetitionDetailView.as_view(), name="staff-petition-detail"),
    path("staff/petitions/<str:ref>/events/", StaffPetitionEventsView.as_view(), name="staff-petition-events"),
    path("staff/petitions/<str:ref>/photos/", StaffPetitionPhotosView.as_view(), name="staff-petition-photos"),
    path(
        "staff/petitions/<str:ref>/photos/<int:photo_pk>/",
        StaffPetitionPhotoFileView.as_view(),
        name="staff-petition-photo",
    ),
    *[
        path(
            f"staff/petitions/<str:ref>/{action.replace('_', '-')}/",
            view.as_view(),
            name=f"staff-petition-{action.replace('_', '-')}",
        )
        for action, view in ACTION_VIEWS.items()
    ],
]
