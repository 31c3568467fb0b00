from django.urls import path, register_converter

from members import views

app_name = "members"


class ExportFormatConverter:
    regex = "xlsx|csv"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormatConverter, "exportfmt")

urlpatterns = [
    path("rosters/", views.overview, name="overview"),
    path("rosters/swaps/", views.swap_list, name="swaps"),
    path("rosters/<int:year>/<int:month>/generate/", views.roster_generate_all, name="generate_all"),
    path("rosters/swaps/<int:pk>/approve/", views.swap_decide, {"decision": "approve"}, name="swap_approve"),
    path("rosters/swaps/<int:pk>/decline/", views.swap_decide, {"decision": "decline"}, name="swap_decline"),
    path("rosters/duties/<int:pk>/move/", views.duty_move, name="duty_move"),
    path("rosters/duties/<int:pk>/remove/", views.duty_remove, name="duty_remove"),
    path("rosters/<slug:code>/<int:year>/export.<exportfmt:fmt>", views.roster_export, name="export"),
    path("rosters/<slug:code>/<int:year>/<int:month>/", views.month_calendar, name="calendar"),
    path("rosters/<slug:code>/<int:year>/<int:month>/generate/", views.roster_generate, name="generate"),
    path("rosters/<slug:code>/<int:year>/<int:month>/publish/", views.roster_publish, name="publish"),
    path("rosters/<slug:code>/<int:year>/<int:month>/duties/add/", views.duty_add, name="duty_add"),
    path("rosters/<slug:code>/<int:year>/<int:month>/rules/add/", views.reception_rule_add, name="rule_add"),
    path("rosters/rules/<int:pk>/remove/<int:year>/<int:month>/", views.reception_rule_remove, name="rule_remove"),
    path("my/duties/", views.my_duties, name="my_duties"),
    path("my/duties.ics", views.my_duties_ics, name="my_duties_ics"),
    path("my/duties/<int:pk>/swap/", views.my_swap_request, name="my_swap_request"),
    path("my/swaps/<int:pk>/cancel/", views.my_swap_cancel, name="my_swap_cancel"),
    path("my/duties/feed/reset/", views.my_feed_reset, name="my_feed_reset"),
    path("my/unavailability/", views.my_unavailability_add, name="my_unavailability_add"),
    path("my/unavailability/<int:pk>/remove/", views.my_unavailability_remove, name="my_unavailability_remove"),
]
