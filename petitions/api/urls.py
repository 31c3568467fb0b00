from django.urls import path

from petitions.api.views import PetitionSubmitView

urlpatterns = [
    path("petitions/", PetitionSubmitView.as_view(), name="petition-submit"),
]
