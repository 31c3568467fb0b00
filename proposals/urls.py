from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("proposals/new/", views.proposal_new, name="new"),
    path("proposals/<int:pk>/", views.proposal_detail, name="detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="submit"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="withdraw"),
    path("proposals/<int:pk>/confirm/", views.proposal_confirm, name="confirm"),
    path("proposals/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("cases/<int:petition_pk>/add-to-proposal/", views.proposal_add_petition, name="add_petition"),
    path("review/", views.review_queue_page, name="review_queue"),
    path("review/departments/", views.department_progress_page, name="department_progress"),
    path("review/<int:pk>/accept/", views.review_accept, name="accept"),
    path("review/<int:pk>/return/", views.review_return, name="return"),
    path("review/<int:pk>/forward/", views.review_forward, name="forward"),
    path("review/<int:pk>/assign/", views.review_assign, name="assign"),
    path("review/<int:pk>/grade/", views.review_grade, name="grade"),
    path("review/assignments/<int:assignment_pk>/resolve/", views.review_resolve_contest, name="resolve_contest"),
    path("review/extensions/<int:extension_pk>/decide/", views.review_decide_extension, name="decide_extension"),
]
