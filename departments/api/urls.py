from django.urls import path

from departments.api import views

urlpatterns = [
    path("departments/", views.DepartmentListView.as_view(), name="department-list"),
    path(
        "departments/queue/consultations/", views.ConsultationQueueView.as_view(), name="department-consultation-list"
    ),
    path(
        "departments/queue/consultations/<int:pk>/",
        views.ConsultationDetailView.as_view(),
        name="department-consultation-detail",
    ),
    path(
        "departments/queue/consultations/<int:pk>/answer/",
        views.ConsultationAnswerView.as_view(),
        name="department-consultation-answer",
    ),
    path("departments/queue/assignments/", views.AssignmentQueueView.as_view(), name="department-assignment-list"),
    path(
        "departments/queue/assignments/<int:pk>/",
        views.AssignmentDetailView.as_view(),
        name="department-assignment-detail",
    ),
    path(
        "departments/queue/assignments/<int:pk>/acknowledge/",
        views.AssignmentAcknowledgeView.as_view(),
        name="department-assignment-acknowledge",
    ),
    path(
        "departments/queue/assignments/<int:pk>/contest/",
        views.AssignmentContestView.as_view(),
        name="department-assignment-contest",
    ),
    path(
        "departments/queue/assignments/<int:pk>/report/",
        views.AssignmentReportView.as_view(),
        name="department-assignment-report",
    ),
    path(
        "departments/queue/assignments/<int:pk>/extension/",
        views.AssignmentExtensionView.as_view(),
        name="department-assignment-extension",
    ),
]
