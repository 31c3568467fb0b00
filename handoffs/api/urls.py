from django.urls import path

from handoffs.api.views import DepartmentWebhookView

app_name = "handoffs_api"

urlpatterns = [
    path("departments/<int:department_id>/webhook/", DepartmentWebhookView.as_view(), name="department_webhook"),
]
