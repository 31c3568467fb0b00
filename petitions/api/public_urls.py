from django.urls import path

from petitions.api.public_areas import CategoryListView, TrackRatingView

urlpatterns = [
    path("categories/", CategoryListView.as_view(), name="category-list"),
    path("track/<str:code>/rating/", TrackRatingView.as_view(), name="track-rating"),
]
