"""The floor: the least a Django view can do for a GET of a CSRF-protected form and a POST that
saves one row, on the same middleware, database and server as the real form."""

import uuid

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.utils.html import escape
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from petitions.models import Category


def floor(request):
    if request.method == "POST":
        key = uuid.uuid4().hex
        # Inactive, so that the rows never reach the real form's category list.
        Category.objects.create(name=f"bench-{key}", code=f"bench-{key}", is_active=False)
        return redirect("bench-floor")
    token = escape(get_token(request))
    html = (
        '<!doctype html><form method="post">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        '<input name="content"><button>OK</button></form>'
    )
    return HttpResponse(html)


class ApiFloor(APIView):
    """The API's floor (bench/api_lists.py): the same bearer-token authentication, throttle and
    JSON renderer as the staff petition list, and nothing read or computed."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "staff-petitions"

    def get(self, request):
        return Response({"user": request.user.pk})
