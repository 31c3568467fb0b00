from django.urls import path

from topics.api import views

urlpatterns = [
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<int:pk>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("public/topics/", views.PublicTopicListView.as_view(), name="public-topic-list"),
    path("public/topics/<int:pk>/", views.PublicTopicDetailView.as_view(), name="public-topic-detail"),
]
