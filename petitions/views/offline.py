"""The intake desk: a liaison officer or member records a petition taken at a reception, by phone
or on a visit, and prints the citizen a receipt slip with the tracking code."""

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from audit.choices import AccessKind
from audit.services import access_record
from common.idempotency import idempotency_scope_for
from common.qr import qr_svg_inline
from petitions.forms.public import OfflinePetitionForm, new_idempotency_key
from petitions.selectors.public import (
    petition_get_for_receipt,
    petition_get_open_for_join,
    petition_intake_lookup,
)
from petitions.selectors.staff import petition_ids_visible
from petitions.services import IntakeError, intake_fingerprint, petition_record_offline
from petitions.services.intake import IDEMPOTENCY_KEY_REUSED
from petitions.services.photos import photos_release
from workstations.selectors import workstation_list_for_offline_intake


@never_cache
@sensitive_post_parameters("citizen_name", "citizen_phone", "citizen_address")
@login_required
@permission_required("petitions.record_offline_petition", raise_exception=True)
@require_http_methods(["GET", "POST"])
def record(request):
    workstations = workstation_list_for_offline_intake(user=request.user)
    if not workstations:
        raise PermissionDenied
    if request.method == "GET":
        return _render(request, OfflinePetitionForm(workstations=workstations))

    form = OfflinePetitionForm(request.POST, request.FILES, workstations=workstations)
    if not form.is_valid():
        return _render(request, form, status=400)
    workstation = form.cleaned_data["workstation"]
    join_pk = request.POST.get("join", "")
    # The hidden key is bound to this desk and this staff member (common.idempotency).
    idempotency_key = idempotency_scope_for(
        request, endpoint="petitions:offline_record", key=form.cleaned_data["idempotency_key"]
    )
    fingerprint = intake_fingerprint(
        workstation=workstation,
        data=form.intake_data,
        channel=form.cleaned_data["channel"],
        join_case_id=int(join_pk) if join_pk.isdigit() else None,
    )
    # As on the citizen's form: open cases that look like the same problem are shown before
    # saving, unless the staff member already chose; the same query finds a double submission.
    lookup = petition_intake_lookup(
        workstation=workstation,
        idempotency_key=idempotency_key or "",
        fingerprint=fingerprint,
        category=None if join_pk or request.POST.get("decision") == "new" else form.intake_data.category,
        content=form.intake_data.content,
    )
    if lookup.key_reused:
        return _key_reused(request, form)
    if lookup.replay_id is not None:
        return redirect("petitions:offline_receipt", pk=lookup.replay_id)
    if lookup.similar:
        return _render(request, form, similar=lookup.similar, held=form.photos_hold())
    join_case = None
    if join_pk:
        join_case = petition_get_open_for_join(pk=int(join_pk) if join_pk.isdigit() else 0, workstation=workstation)
        if join_case is None:
            form.add_error(None, _("所选诉求已办结或不属于该工作室，请重新选择。"))
            return _render(request, form, status=400)
    try:
        result = petition_record_offline(
            workstation=workstation,
            data=form.intake_data,
            channel=form.cleaned_data["channel"],
            recorded_by=request.user,
            idempotency_key=idempotency_key,
            join_case=join_case,
        )
    except IntakeError as exc:
        if exc.code == IDEMPOTENCY_KEY_REUSED:
            return _key_reused(request, form)
        form.add_error(None, exc.messages)
        return _render(request, form, status=400)
    if form.cleaned_data["held_photos"]:
        photos_release(form.cleaned_data["held_photos"])
    return redirect("petitions:offline_receipt", pk=result.petition.pk)


def _key_reused(request, form):
    """422: this form was sent before with other content. Nothing is saved; a fresh key lets the
    staff member send it again as a new petition."""
    form.add_error(None, _("这份表单已经提交过，这次的内容与上次不同，未予受理。如要记录新的诉求，请核对后再次提交。"))
    held = form.photos_hold()
    form.data = form.data.copy()
    form.data["idempotency_key"] = new_idempotency_key()
    return _render(request, form, status=422, held=held)


def _render(request, form, *, status=200, similar=(), held=("", 0)):
    # Staff may open a similar case when they are allowed to see it (one query, only then).
    visible = petition_ids_visible(user=request.user, ids=[case.petition.pk for case in similar]) if similar else set()
    context = {
        "form": form,
        "similar": [(case, case.petition.pk in visible) for case in similar],
        "held_photos": held[0],
        "held_count": held[1],
    }
    return render(request, "petitions/offline/record.html", context, status=status)


@never_cache
@login_required
@require_GET
def receipt(request, pk):
    """The printable slip: the tracking code, the tracking URL as a QR code, the workstation."""
    petition = petition_get_for_receipt(user=request.user, pk=pk)
    access_record(
        kind=AccessKind.RECEIPT_VIEW, request=request, petition_id=petition.pk, tracking_code=petition.tracking_code
    )
    track_url = settings.PUBLIC_BASE_URL + petition.get_tracking_url()
    context = {"petition": petition, "track_url": track_url, "qr": qr_svg_inline(track_url, scale=5)}
    return render(request, "petitions/offline/receipt.html", context)
