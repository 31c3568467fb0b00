from django.urls import path

from members.api import views

urlpatterns = [
    path("rosters/months/", views.RosterMonthListView.as_view(), name="roster-month-list"),
    path(
        "rosters/months/<slug:code>/<int:year>/<int:month>/", views.RosterMonthDetailView.as_view(), name="roster-month"
    ),
    path(
        "rosters/months/<slug:code>/<int:year>/<int:month>/generate/",
        views.RosterGenerateView.as_view(),
        name="roster-generate",
    ),
    path(
        "rosters/months/<slug:code>/<int:year>/<int:month>/publish/",
        views.RosterPublishView.as_view(),
        name="roster-publish",
    ),
    path("rosters/on-duty/", views.OnDutyView.as_view(), name="roster-on-duty"),
    path("rosters/my/duties/", views.MyDutiesView.as_view(), name="roster-my-duties"),
    path("rosters/swaps/", views.SwapListView.as_view(), name="roster-swap-list"),
    path("rosters/swaps/<int:pk>/approve/", views.SwapApproveView.as_view(), name="roster-swap-approve"),
    path("rosters/swaps/<int:pk>/decline/", views.SwapDeclineView.as_view(), name="roster-swap-decline"),
    path("rosters/swaps/<int:pk>/cancel/", views.SwapCancelView.as_view(), name="roster-swap-cancel"),
    path("rosters/my/unavailability/", views.UnavailabilityListView.as_view(), name="roster-unavailability-list"),
    path(
        "rosters/my/unavailability/<int:pk>/",
        views.UnavailabilityDetailView.as_view(),
        name="roster-unavailability-detail",
    ),
    path("members/", views.MemberListView.as_view(), name="member-list"),
    path("sectors/", views.SectorListView.as_view(), name="sector-list"),
]
