from django.urls import path, register_converter

from departments import views


class KindConverter:
    regex = "consultation|assignment"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(KindConverter, "handoff_kind")

app_name = "departments"

urlpatterns = [
    path("dept/", views.portal_home, name="home"),
    path("dept/<handoff_kind:kind>/<int:pk>/", views.item_detail, name="item"),
    path("dept/<handoff_kind:kind>/<int:pk>/<slug:action>/", views.item_action, name="item_action"),
    path("dept/link/<str:token>/", views.link_detail, name="link"),
    path("dept/link/<str:token>/<slug:action>/", views.link_action, name="link_action"),
]
