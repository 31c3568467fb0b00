from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from common.qr import qr_png, qr_svg
from workstations.selectors import workstation_get_public, workstation_list_public, workstation_on_duty_public


@require_GET
def home(request):
    """`/`: every workstation, the way to submit, the way to track a case."""
    return render(request, "workstations/home.html", {"workstations": workstation_list_public()})


def _form_url(workstation) -> str:
    return settings.PUBLIC_BASE_URL + reverse("petitions:submit", kwargs={"code": workstation.code})


@require_GET
def detail(request, code):
    """`/w/<code>/`: reception hours, who is on duty today (name and sector), the QR code."""
    workstation = workstation_get_public(code=code)
    context = {
        "workstation": workstation,
        "on_duty": workstation_on_duty_public(workstation=workstation, date=timezone.localdate()),
        "form_url": _form_url(workstation),
    }
    return render(request, "workstations/detail.html", context)


@require_GET
def poster(request, code):
    """`/w/<code>/poster/`: the printable A4 "民意直通" poster for the notice board."""
    workstation = workstation_get_public(code=code)
    return render(request, "workstations/poster.html", {"workstation": workstation, "form_url": _form_url(workstation)})


def _qr_response(content: bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def qr_code_svg(request, code):
    workstation = workstation_get_public(code=code)
    return _qr_response(qr_svg(_form_url(workstation)), "image/svg+xml")


@require_GET
def qr_code_png(request, code):
    workstation = workstation_get_public(code=code)
    return _qr_response(qr_png(_form_url(workstation)), "image/png")
