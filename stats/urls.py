from django.urls import path

from stats import views, views_candidates

app_name = "stats"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.<str:fmt>", views.export, name="export"),
    path("cases/<slug:figure>/", views.cases, name="cases"),
    path("topics/", views_candidates.topics, name="topics"),
    path("topics/cases/", views_candidates.topic_cases, name="topic_cases"),
    path("topics/export.xlsx", views_candidates.topic_export, name="topic_export"),
    path("topics/summary/", views_candidates.topic_summary, name="topic_summary"),
    path("topics/propose/", views_candidates.topic_propose, name="topic_propose"),
    path("report/", views.report, name="report"),
    path("members/me/", views.member_record, name="my_record"),
    path("members/<int:pk>/", views.member_record, name="member_record"),
    path("members/<int:pk>/print/", views.member_record_print, name="member_record_print"),
    path("members/<int:pk>/export.xlsx", views.member_record_export, name="member_record_export"),
]
