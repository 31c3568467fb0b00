from django.urls import path

from topics import views

app_name = "topics"

urlpatterns = [
    # Public: a published topic's page (stable URL).
    path("topics/", views.public_list, name="public_list"),
    path("topics/<int:pk>/", views.public_detail, name="public"),
    # Staff.
    path("research/", views.topic_list, name="list"),
    path("research/new/", views.topic_new, name="new"),
    path("research/<int:pk>/", views.topic_detail, name="detail"),
    path("research/<int:pk>/adopt/", views.topic_adopt, name="adopt"),
    path("research/<int:pk>/group/", views.topic_group, name="group"),
    path("research/<int:pk>/decline/", views.topic_decline, name="decline"),
    path("research/<int:pk>/start/", views.topic_start, name="start"),
    path("research/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("research/<int:pk>/milestones/<int:milestone_pk>/done/", views.milestone_done, name="milestone_done"),
    path("research/<int:pk>/activities/", views.activity_add, name="activity_add"),
    path("research/<int:pk>/report/", views.report_submit, name="report"),
    path("research/<int:pk>/meeting/", views.meeting_record, name="meeting"),
    path("research/<int:pk>/outcomes/", views.outcome_add, name="outcome_add"),
    path("research/<int:pk>/close/", views.topic_close, name="close"),
    path("research/<int:pk>/publish/", views.topic_publish, name="publish"),
    path("research/<int:pk>/proposals/new/", views.proposal_new, name="proposal_new"),
    path("research/files/<int:pk>/", views.file_download, name="file"),
]
