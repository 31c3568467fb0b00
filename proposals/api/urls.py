from django.urls import path

from proposals.api import views

urlpatterns = [
    path("proposals/", views.ProposalListView.as_view(), name="proposal-list"),
    path("proposals/extensions/", views.ExtensionListView.as_view(), name="proposal-extension-list"),
    path(
        "proposals/extensions/<int:pk>/decide/", views.ExtensionDecideView.as_view(), name="proposal-extension-decide"
    ),
    path(
        "proposals/assignments/<int:pk>/resolve/",
        views.AssignmentResolveView.as_view(),
        name="proposal-assignment-resolve",
    ),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal-detail"),
    path("proposals/<int:pk>/submit/", views.ProposalSubmitView.as_view(), name="proposal-submit"),
    path("proposals/<int:pk>/withdraw/", views.ProposalWithdrawView.as_view(), name="proposal-withdraw"),
    path("proposals/<int:pk>/accept/", views.ProposalAcceptView.as_view(), name="proposal-accept"),
    path("proposals/<int:pk>/return/", views.ProposalReturnView.as_view(), name="proposal-return"),
    path("proposals/<int:pk>/forward/", views.ProposalForwardView.as_view(), name="proposal-forward"),
    path("proposals/<int:pk>/assign/", views.ProposalAssignView.as_view(), name="proposal-assign"),
    path("proposals/<int:pk>/confirm/", views.ProposalConfirmView.as_view(), name="proposal-confirm"),
    path("proposals/<int:pk>/grade/", views.ProposalGradeView.as_view(), name="proposal-grade"),
]
