"""Reads for Open311: our categories as services, the intake's choices as a service definition, and
petitions as service requests showing what /track/<code>/ shows and nothing more (no name, phone,
address, content or location: `description`, `address`, `lat`, `long` and `media_url` are always
empty). Lists load every row and its related rows in one query."""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from petitions.choices import FINAL_STATUSES, Status
from petitions.models import Category, Petition, normalize_tracking_code
from petitions.selectors.public import category_list_active, petition_followed_case
from workstations.selectors import workstation_list_public

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this endpoint's contract last changed (discovery's `changeset`): bump it with the code.
CHANGESET = "2026-12-02T00:00:00+08:00"
# The spec's response volume: a span of at most 90 days, at most 1000 requests.
MAX_SPAN = datetime.timedelta(days=90)
MAX_REQUESTS = 1000
# Codes asked for at once with service_request_id (each one is counted as a tracking lookup).
MAX_CODES = 20

ATTRIBUTE_WORKSTATION = "WORKSTATION"
ATTRIBUTE_CONSENT = "CONSENT"
CONSENT_YES = "yes"

_RELATED = ("workstation", "category", "merged_into__workstation", "merged_into__category")
# Closed as Open311 says it ("it has been resolved"): the case the code follows has reached a
# final status (closed, spam, withdrawn). A replied case waits for its close, and is still open.
_CLOSED = Q(status__in=FINAL_STATUSES - {Status.MERGED}) | Q(
    status=Status.MERGED, merged_into__status__in=FINAL_STATUSES
)


def w3_datetime(value: datetime.datetime | None) -> str | None:
    """A moment in the w3 subset of ISO 8601 with the office's offset (2026-12-01T15:40:00+08:00)."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def open311_discovery() -> dict:
    base = settings.PUBLIC_BASE_URL
    return {
        "changeset": CHANGESET,
        "contact": gettext("委员工作室办公室：%(url)s") % {"url": base + "/"},
        "key_service": gettext("API 令牌（api_key）由办公室工作人员在 %(url)s 签发。")
        % {"url": base + "/accounts/tokens/"},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base + "/open311/v2",
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def open311_service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or None,
        # Every service asks which workstation the request goes to: see the definition.
        "metadata": True,
        "type": "realtime",
        "keywords": None,
        "group": None,
    }


def open311_service_list() -> list[dict]:
    return [open311_service(category) for category in category_list_active()]


_CODE = re.compile(r"[-\w]{1,40}")


def code_valid(code: str) -> bool:
    """Whether a code could name a category or a workstation (slugs): anything else names none,
    and is not sent to the database (PostgreSQL refuses a NUL in a string)."""
    return bool(_CODE.fullmatch(code or ""))


def open311_service_get(*, code: str) -> Category | None:
    """An active category by its code (a service_code), or None."""
    if not code_valid(code):
        return None
    return category_list_active().filter(code=code).first()


def open311_service_definition(*, category: Category) -> dict:
    """What a request for this service must say beyond the spec's own fields: the workstation it
    is brought to (required, as on the QR-code form), and the citizen's consent to the use of their
    name and phone (required when either is given, as on the form)."""
    workstations = [{"key": w.code, "name": w.name} for w in workstation_list_public()]
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": ATTRIBUTE_WORKSTATION,
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": None,
                "order": 1,
                "description": gettext("向哪个委员工作室反映"),
                "values": workstations,
            },
            {
                "variable": True,
                "code": ATTRIBUTE_CONSENT,
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": gettext("留下姓名（first_name、last_name）或电话（phone）时必填。"),
                "order": 2,
                "description": gettext("同意工作室为办理诉求使用您的姓名和电话"),
                "values": [{"key": CONSENT_YES, "name": gettext("我同意")}],
            },
        ],
    }


def open311_status(case: Petition) -> str:
    return "closed" if case.status in FINAL_STATUSES else "open"


def open311_request(petition: Petition) -> dict:
    """A petition as a service request: the status and handling /track/<code>/ shows (of the case
    the code follows), the category, the workstation; never the citizen or what they wrote."""
    case = petition_followed_case(petition)
    notes = case.get_status_display()
    if case.outcome:
        notes = f"{notes} · {case.get_outcome_display()}"
    category = case.category
    updated = case.closed_at if case.status == Status.CLOSED and case.closed_at else case.updated_at
    return {
        "service_request_id": petition.tracking_code,
        "status": open311_status(case),
        "status_notes": str(notes),
        "service_name": category.name if category else None,
        "service_code": category.code if category else None,
        "description": None,
        "agency_responsible": case.workstation.name,
        "service_notice": None,
        "requested_datetime": w3_datetime(petition.created_at),
        "updated_datetime": w3_datetime(max(updated, petition.updated_at)),
        "expected_datetime": None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _requests(rows: QuerySet[Petition] | None = None) -> QuerySet[Petition]:
    rows = Petition.objects.all() if rows is None else rows
    return rows.select_related(*_RELATED).only(
        "tracking_code",
        "status",
        "outcome",
        "created_at",
        "updated_at",
        "closed_at",
        "merged_into_id",
        "workstation__name",
        "category__name",
        "category__code",
        "merged_into__status",
        "merged_into__outcome",
        "merged_into__updated_at",
        "merged_into__closed_at",
        "merged_into__workstation__name",
        "merged_into__category__name",
        "merged_into__category__code",
    )


def open311_request_get(*, code: str) -> Petition | None:
    """The petition behind a service_request_id (a tracking code, as typed), or None."""
    code = normalize_tracking_code(code or "")
    if not code or len(code) > 16:
        return None
    return _requests().filter(tracking_code=code).first()


def open311_requests_by_codes(*, codes: list[str]) -> list[Petition]:
    """The petitions behind these tracking codes, in the order asked; unknown codes are left out."""
    wanted = [c for c in (normalize_tracking_code(code) for code in codes) if c and len(c) <= 16]
    found = {p.tracking_code: p for p in _requests().filter(tracking_code__in=wanted)} if wanted else {}
    return [found[c] for c in dict.fromkeys(wanted) if c in found]


@dataclass(frozen=True)
class RequestFilter:
    start: datetime.datetime
    end: datetime.datetime
    service_codes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # "open", "closed"; empty: both


def open311_requests_for_user(*, user, filters: RequestFilter) -> list[Petition]:
    """The petitions `user` may see (Petition.objects.visible_to, as every page) made in the range,
    newest first, at most MAX_REQUESTS."""
    rows = _requests(Petition.objects.visible_to(user))
    rows = rows.filter(created_at__gte=filters.start, created_at__lte=filters.end)
    if filters.service_codes:
        rows = rows.filter(category__code__in=[code for code in filters.service_codes if code_valid(code)])
    statuses = set(filters.statuses)
    if statuses == {"closed"}:
        rows = rows.filter(_CLOSED)
    elif statuses == {"open"}:
        rows = rows.exclude(_CLOSED)
    return list(rows.order_by("-created_at", "-id")[:MAX_REQUESTS])
