"""The intake desk: a liaison officer or member records a petition taken at a reception, by phone
or on a visit, and prints the citizen a receipt slip with the tracking code."""

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from common.qr import qr_svg_inline
from petitions.forms import OfflinePetitionForm
from petitions.selectors import petition_get_by_idempotency_key, petition_get_for_receipt
from petitions.services import IntakeError, petition_record_offline
from workstations.selectors import workstation_list_for_offline_intake


@never_cache
@login_required
@permission_required("petitions.record_offline_petition", raise_exception=True)
@require_http_methods(["GET", "POST"])
def record(request):
    workstations = workstation_list_for_offline_intake(user=request.user)
    if not workstations:
        raise PermissionDenied
    if request.method == "GET":
        form = OfflinePetitionForm(workstations=workstations)
        return render(request, "petitions/offline/record.html", {"form": form})

    form = OfflinePetitionForm(request.POST, request.FILES, workstations=workstations)
    existing = petition_get_by_idempotency_key(key=request.POST.get("idempotency_key", "")[:64])
    if existing is not None and existing.recorded_by_id == request.user.pk:
        return redirect("petitions:offline_receipt", pk=existing.pk)
    if not form.is_valid():
        return render(request, "petitions/offline/record.html", {"form": form}, status=400)
    try:
        result = petition_record_offline(
            workstation=form.cleaned_data["workstation"],
            data=form.intake_data,
            channel=form.cleaned_data["channel"],
            recorded_by=request.user,
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except IntakeError as exc:
        form.add_error(None, exc.messages)
        return render(request, "petitions/offline/record.html", {"form": form}, status=400)
    return redirect("petitions:offline_receipt", pk=result.petition.pk)


@never_cache
@login_required
@require_GET
def receipt(request, pk):
    """The printable slip: the tracking code, the tracking URL as a QR code, the workstation."""
    petition = petition_get_for_receipt(user=request.user, pk=pk)
    track_url = settings.PUBLIC_BASE_URL + petition.get_tracking_url()
    context = {"petition": petition, "track_url": track_url, "qr": qr_svg_inline(track_url, scale=5)}
    return render(request, "petitions/offline/receipt.html", context)
