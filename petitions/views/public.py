"""The citizen's pages: the petition form behind the QR code, its confirmation, and tracking.

No account, so every lookup and every submission is rate-limited by client address (and by phone),
and every page that shows a tracking code or a case is sent with no-store caching."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from common.http import client_ip
from common.idempotency import idempotency_scope_for
from common.phones import phone_lookup_hash
from common.ratelimit import rate_from_settings, rate_limit_exceeded, rate_limit_hit, rate_limits_hit
from petitions.choices import Channel
from petitions.forms.public import PetitionForm, RatingForm, TrackLookupForm, new_idempotency_key
from petitions.models import normalize_tracking_code
from petitions.selectors.public import (
    category_list_version,
    category_versioned_get,
    category_versioned_set,
    petition_get_for_replay,
    petition_get_for_tracking,
    petition_get_open_for_join,
    petition_intake_lookup,
    petition_public_case,
)
from petitions.services import IntakeError, intake_fingerprint, petition_rate, petition_submit
from petitions.services.intake import IDEMPOTENCY_KEY_REUSED
from petitions.services.photos import photos_release
from petitions.workflow import TransitionError
from workstations.selectors import workstation_get_public

logger = logging.getLogger(__name__)

DONE_COOKIE = "intake_done"
DONE_SALT = "petitions.intake_done"
JOIN_SALT = "petitions.join"
ONE_HOUR = 3600

MSG_TOO_MANY_IP = _("提交过于频繁，请稍后再试。如有急事，请在接待时间到工作室当面反映。")
MSG_TOO_MANY_PHONE = _("这个手机号码提交得太频繁了，请一小时后再试。")
MSG_TOO_MANY_LOOKUPS = _("查询过于频繁，请一分钟后再试。")
MSG_JOIN_GONE = _("您选择的诉求已办结或不存在，请直接提交新的诉求。")
MSG_FORM_KEY_REUSED = _("这份表单已经提交过，这次的内容与上次不同，未予受理。如要反映新的问题，请核对后再次提交。")


def submit_rate_ip():
    return rate_from_settings("INTAKE_RATE_PER_IP", "20/h")


def submit_rate_phone():
    return rate_from_settings("INTAKE_RATE_PER_PHONE", "5/h")


def tracking_rate_ip():
    return rate_from_settings("TRACKING_RATE_PER_IP", "30/m")


def join_token(*, petition, workstation) -> str:
    return signing.dumps([petition.pk, workstation.pk], salt=JOIN_SALT)


def join_token_case_id(token: str, workstation) -> int | None:
    """The case a join token names, from its signature alone (no query), or None."""
    try:
        pk, workstation_pk = signing.loads(token, salt=JOIN_SALT, max_age=ONE_HOUR)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return pk if workstation_pk == workstation.pk and isinstance(pk, int) else None


def join_target(token: str, workstation):
    pk = join_token_case_id(token, workstation)
    return petition_get_open_for_join(pk=pk, workstation=workstation) if pk is not None else None


def submit_idempotency_endpoint(workstation) -> str:
    """The endpoint a form's idempotency key is bound to (common.idempotency)."""
    return f"petitions:submit:{workstation.code}"


def _done_redirect(request, petition):
    done_url = reverse("petitions:submit_done", kwargs={"code": petition.workstation.code})
    response = redirect(done_url)
    # Sent back only to the confirmation page, for an hour: the code is not carried site-wide.
    response.set_signed_cookie(
        DONE_COOKIE,
        petition.tracking_code,
        salt=DONE_SALT,
        max_age=ONE_HOUR,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
        path=done_url,
    )
    return response


def _render_form(request, workstation, form, *, status=200, similar=None, rate_limited="", held=("", 0)):
    context = {
        "workstation": workstation,
        "form": form,
        "similar": [(case, join_token(petition=case.petition, workstation=workstation)) for case in similar or []],
        "rate_limited": rate_limited,
        "held_photos": held[0],
        "held_count": held[1],
        # A blank form is the same markup for everyone: rendered once per process and language.
        "form_cache_key": None if form.is_bound else f"{workstation.pk}:{category_list_version()}",
    }
    return render(request, "petitions/public/submit.html", context, status=status)


# The blank form page is the same markup for every anonymous visitor of a workstation, but for
# two per-visitor values: the CSRF token and the idempotency key. It is rendered once per
# workstation version, category list and language with two slots, which each GET fills in.
BLANK_PAGE_TIMEOUT = 600
_CSRF_SLOT = "csrf-slot-8f3c1a"
_KEY_SLOT = "key-slot-2d7e94"


def _blank_page_cacheable(request) -> bool:
    # Staff see their own navbar, a pending message is one visitor's, and a query string ends up
    # in the language switch's "next": those pages are rendered in full.
    return not request.GET and not request.user.is_authenticated and len(messages.get_messages(request)) == 0


def _blank_page(request, workstation):
    # Kept with the categories' fingerprint, read in the same round trip (category_versioned_get).
    key = ":".join(["intake_blank_page", get_language() or "", str(workstation.pk), workstation.updated_at.isoformat()])
    version, page = category_versioned_get(key)
    if page is None:
        form = PetitionForm(initial={"idempotency_key": _KEY_SLOT})
        context = {
            "workstation": workstation,
            "form": form,
            "similar": [],
            "rate_limited": "",
            "held_photos": "",
            "held_count": 0,
            "form_cache_key": None,
            "csrf_token": _CSRF_SLOT,
        }
        page = render_to_string("petitions/public/submit.html", context, request=request)
        category_versioned_set(key, version, page, BLANK_PAGE_TIMEOUT)
    page = page.replace(_CSRF_SLOT, get_token(request)).replace(_KEY_SLOT, new_idempotency_key())
    return HttpResponse(page)


# The citizen's contact fields stay out of error reports (the admins' e-mail, the technical 500 page).
CONTACT_FIELDS = ("citizen_name", "citizen_phone", "citizen_address")


@never_cache
@sensitive_post_parameters(*CONTACT_FIELDS)
@sensitive_variables("data")
@require_http_methods(["GET", "POST"])
def submit(request, code):
    """`/w/<code>/submit/`. POST: if open cases look like the same problem, show them first and let
    the citizen join one (button "join") or go on (button "decision=new"); then save and redirect."""
    workstation = workstation_get_public(code=code)
    if request.method == "GET":
        if _blank_page_cacheable(request):
            return _blank_page(request, workstation)
        return _render_form(request, workstation, PetitionForm())

    form = PetitionForm(request.POST, request.FILES)
    if form.honeypot_filled:
        logger.info("intake honeypot filled at %s", workstation.code)
        form.is_valid()
        form.add_error(None, _("提交未成功，请重新填写。"))
        return _render_form(request, workstation, form, status=400)

    if not form.is_valid():
        return _render_form(request, workstation, form, status=400)
    # Throttle first: an address that has spent its budget learns nothing, not even a replay.
    # Checked without counting: showing similar cases is not a submission; a replay and a new
    # submission are each counted once below.
    if rate_limit_exceeded(scope="intake-ip", key=client_ip(request), rate=submit_rate_ip()):
        return _render_form(request, workstation, form, status=429, rate_limited=MSG_TOO_MANY_IP)
    data = form.intake_data
    joining = bool(request.POST.get("join"))
    # The hidden key is bound to this form and this caller; the fingerprint tells a copy of this
    # request from another request that reuses its key (common.idempotency).
    idempotency_key = idempotency_scope_for(
        request, endpoint=submit_idempotency_endpoint(workstation), key=form.cleaned_data["idempotency_key"]
    )
    fingerprint = intake_fingerprint(
        workstation=workstation,
        data=data,
        channel=Channel.ONLINE,
        join_case_id=join_token_case_id(request.POST["join"], workstation) if joining else None,
    )
    # Unless the citizen already chose (join a case, or "decision=new" after seeing them), open
    # cases that look like the same problem are shown first. The same query finds an earlier copy
    # of this request (a double tap, a replayed POST): its petition is the answer.
    lookup = petition_intake_lookup(
        workstation=workstation,
        idempotency_key=idempotency_key or "",
        fingerprint=fingerprint,
        category=None if joining or request.POST.get("decision") == "new" else data.category,
        content=data.content,
    )
    if lookup.key_reused:
        return _key_reused(request, workstation, form)
    if lookup.replay_id is not None:
        if not rate_limit_hit(scope="intake-ip", key=client_ip(request), rate=submit_rate_ip()):
            return _render_form(request, workstation, form, status=429, rate_limited=MSG_TOO_MANY_IP)
        return _done_redirect(request, petition_get_for_replay(pk=lookup.replay_id))
    if lookup.similar:
        # A file input cannot be filled in again: the photos wait for the citizen's choice.
        return _render_form(request, workstation, form, similar=lookup.similar, held=form.photos_hold())

    join_case = None
    if joining:
        join_case = join_target(request.POST["join"], workstation)
        if join_case is None:
            form.add_error(None, MSG_JOIN_GONE)
            return _render_form(request, workstation, form, status=400)

    # Both limits in one round trip to the cache (every submission pays it); a blank phone is not counted.
    refused = rate_limits_hit(
        ("intake-ip", client_ip(request), submit_rate_ip()),
        ("intake-phone", phone_lookup_hash(data.citizen_phone), submit_rate_phone()),
    )
    if refused is not None:
        message = MSG_TOO_MANY_IP if refused == 0 else MSG_TOO_MANY_PHONE
        return _render_form(request, workstation, form, status=429, rate_limited=message)

    try:
        result = petition_submit(
            workstation=workstation,
            data=data,
            idempotency_key=idempotency_key,
            join_case=join_case,
        )
    except IntakeError as exc:
        if exc.code == IDEMPOTENCY_KEY_REUSED:  # a copy with other content won the race
            return _key_reused(request, workstation, form)
        form.add_error(None, exc.messages)
        return _render_form(request, workstation, form, status=400)
    if form.cleaned_data["held_photos"]:
        photos_release(form.cleaned_data["held_photos"])  # stored with the petition, or replaced
    return _done_redirect(request, result.petition)


def _key_reused(request, workstation, form):
    """422: the form's key already made a petition with other content (the citizen went back and
    changed it). Nothing is saved; the form comes back with a fresh key, so that sending it again
    is a new petition, and with its photos held."""
    form.add_error(None, MSG_FORM_KEY_REUSED)
    held = form.photos_hold()
    form.data = form.data.copy()
    form.data["idempotency_key"] = new_idempotency_key()
    return _render_form(request, workstation, form, status=422, held=held)


@never_cache
@require_http_methods(["GET"])
def submit_done(request, code):
    """The confirmation: the tracking code, shown once to the browser that submitted."""
    workstation = workstation_get_public(code=code)
    tracking_code = request.get_signed_cookie(DONE_COOKIE, default=None, salt=DONE_SALT, max_age=ONE_HOUR)
    petition = petition_get_for_tracking(code=tracking_code) if tracking_code else None
    if petition is None or petition.workstation_id != workstation.pk:
        return redirect("petitions:submit", code=workstation.code)
    context = {
        "workstation": workstation,
        "petition": petition,
        "public_case": petition_public_case(petition=petition),
        "track_url": settings.PUBLIC_BASE_URL + reverse("petitions:track"),
    }
    return render(request, "petitions/public/submit_done.html", context)


def tracking_lookup_refused(request) -> bool:
    """Whether this address has spent its tracking budget, counting this lookup. The page and
    GET /api/v1/track/<code>/ ask this one function: one scope, one key, one rate."""
    return not rate_limit_hit(scope="track-ip", key=client_ip(request), rate=tracking_rate_ip())


def _lookup_refused(request):
    return render(
        request,
        "petitions/public/track.html",
        {"form": TrackLookupForm(), "rate_limited": MSG_TOO_MANY_LOOKUPS},
        status=429,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """`/track/`: enter a code; POST redirects to the case page."""
    if request.method == "GET":
        return render(request, "petitions/public/track.html", {"form": TrackLookupForm()})
    if tracking_lookup_refused(request):
        return _lookup_refused(request)
    form = TrackLookupForm(request.POST)
    if not form.is_valid():
        return render(request, "petitions/public/track.html", {"form": form}, status=400)
    code = normalize_tracking_code(form.cleaned_data["code"]) or "-"
    return redirect("petitions:track_detail", code=code)


def _not_found(request):
    # One answer for a code that never existed and one that is mistyped: no oracle.
    return render(
        request, "petitions/public/track_not_found.html", {"form": TrackLookupForm(), "not_found": True}, status=404
    )


@never_cache
@require_http_methods(["GET"])
def track_detail(request, code):
    """`/track/<code>/`: the public status and timeline; nothing personal, nothing internal."""
    if tracking_lookup_refused(request):
        return _lookup_refused(request)
    petition = petition_get_for_tracking(code=code)
    if petition is None:
        return _not_found(request)
    context = {"public_case": petition_public_case(petition=petition), "rating_form": RatingForm()}
    return render(request, "petitions/public/track_detail.html", context)


@never_cache
@require_POST
def track_rate(request, code):
    """满意 / 基本满意 / 不满意 for the handling and for the result (with an optional comment), once
    per closed case."""
    if tracking_lookup_refused(request):
        return _lookup_refused(request)
    petition = petition_get_for_tracking(code=code)
    if petition is None:
        return _not_found(request)
    form = RatingForm(request.POST)
    if not form.is_valid():
        context = {"public_case": petition_public_case(petition=petition), "rating_form": form}
        return render(request, "petitions/public/track_detail.html", context, status=400)
    try:
        petition_rate(
            petition_id=petition.pk,
            satisfaction=form.cleaned_data["satisfaction"],
            result_satisfaction=form.cleaned_data["result_satisfaction"],
            comment=form.cleaned_data["comment"],
        )
    except (IntakeError, TransitionError) as exc:
        messages.error(request, exc.message if isinstance(exc, TransitionError) else exc.messages[0])
    else:
        messages.success(request, _("感谢您的评价！"))
    return redirect("petitions:track_detail", code=petition.tracking_code)
