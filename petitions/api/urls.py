from django.urls import path

from petitions.api.track import TrackView
from petitions.api.views import PetitionSubmitView, SimilarCasesView

urlpatterns = [
    path("petitions/", PetitionSubmitView.as_view(), name="petition-submit"),
    path("petitions/similar/", SimilarCasesView.as_view(), name="petition-similar"),
    path("track/<str:code>/", TrackView.as_view(), name="track"),
]
