"""The staff petition API, reads: `/api/v1/staff/petitions/…` — the list, a case, its timeline and
its photos. Same selectors and the same rules as the inbox and the case page
(petitions.selectors.staff, petitions.permissions): who sees a case is `visible_to`, who sees the
citizen's contact is `can_see_citizen_contact`, who sees the photos is `handles_case`; looking at
contact data or a photo is recorded in the access log as the page records it.

The actions (claim, assign, …) are in petitions/api/staff_actions.py.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotAcceptable, NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from audit.choices import AccessKind
from audit.services import access_record
from common.etag import etag_response
from petitions.api.staff_filters import DEFAULT_ORDERING, DUE_ORDERINGS, ORDERINGS, StaffPetitionFilter
from petitions.api.staff_serializers import (
    StaffEventSerializer,
    StaffPetitionDetailSerializer,
    StaffPetitionListSerializer,
    StaffPhotoSerializer,
    staff_petition_rows,
)
from petitions.api.track import ERROR_BODY
from petitions.models import TRACKING_CODE_LENGTH, Petition
from petitions.permissions import can_see_citizen_contact, handles_case
from petitions.selectors.staff import (
    case_photos_for_user,
    case_timeline,
    petition_get_for_user,
    staff_petition_list,
)
from petitions.views.staff import case_photo_response

TAG = "petitions (staff)"
READ_SCOPE = "staff-petitions"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def error_example(name: str, status: str, code: str, detail: str, fields: dict | None = None) -> OpenApiExample:
    return OpenApiExample(
        name,
        value={"code": code, "detail": detail, "fields": fields or {}},
        response_only=True,
        status_codes=[status],
    )


UNAUTHENTICATED = OpenApiResponse(ERROR_BODY, description="No token, or a wrong, expired or revoked one.")
NOT_FOUND = OpenApiResponse(ERROR_BODY, description="No such case, or the caller may not see it (same answer).")
THROTTLED = OpenApiResponse(ERROR_BODY, description="Too many requests for this area; see Retry-After.")
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND, 429: THROTTLED}
READ_ERROR_EXAMPLES = [
    error_example("No token", "401", "not_authenticated", "身份认证信息未提供。"),
    error_example("Not visible", "404", "not_found", "未找到。"),
    error_example("Throttled", "429", "throttled", "请求超过了限速。"),
]
REF_PARAMETER = OpenApiParameter(
    "ref",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The case's id, or its tracking code (dashes and case ignored).",
)

EXAMPLE_ROW = {
    "id": 4182,
    "tracking_code": "K7QM2XPAH3RT",
    "display_code": "K7QM-2XPA-H3RT",
    "url": "/api/v1/staff/petitions/4182/",
    "workstation": {"code": "xiliuwan", "name": "西流湾社区委员工作室"},
    "category": {"code": "noise", "name": "噪音扰民"},
    "channel": "online",
    "channel_display": "扫码/网上",
    "status": "assigned",
    "status_display": "已分派",
    "track": 2,
    "track_display": "直接答复",
    "assigned_member": {"id": 12, "name": "李委员"},
    "excerpt": "河堤广场晚上九点半以后音乐声太大，影响一中高三学生休息。",
    "due_date": "2026-12-04",
    "overdue": False,
    "created_at": "2026-11-30T21:30:00+08:00",
    "updated_at": "2026-12-01T09:10:00+08:00",
}
EXAMPLE_DETAIL = {
    **{key: value for key, value in EXAMPLE_ROW.items() if key != "excerpt"},
    "content": "河堤广场晚上九点半以后音乐声太大，影响一中高三学生休息。",
    "location": "河堤广场",
    "contact": {"visible": False, "anonymous": False, "name": "张**", "phone": "138****5678", "address": ""},
    "first_response_due": "2026-12-01",
    "first_responded_at": "2026-12-01T09:10:00+08:00",
    "replied_at": None,
    "closed_at": None,
    "outcome": "",
    "outcome_display": "",
    "households_helped": 0,
    "satisfaction": "",
    "satisfaction_display": "",
    "result_satisfaction": "",
    "result_satisfaction_display": "",
    "satisfaction_comment": "",
    "reopen_count": 0,
    "merged_into": None,
    "co_members": [],
    "photos_url": None,
    "events_url": "/api/v1/staff/petitions/4182/events/",
}


LIST_COLUMNS = (
    "id",
    "tracking_code",
    "channel",
    "status",
    "track",
    "content",
    "due_date",
    "created_at",
    "updated_at",
    "workstation__code",
    "workstation__name",
    "category__code",
    "category__name",
    "assigned_member__user__username",
    "assigned_member__user__full_name",
    "assigned_member__user__first_name",
    "assigned_member__user__last_name",
)


def petition_for_ref(request, ref: str) -> Petition:
    """The case named by an id or a tracking code, if the caller may see it; else 404. A tracking
    code has 12 characters and no 0 or 1, so a shorter run of digits is always an id."""
    ref = str(ref)
    # isascii: str.isdigit() also holds for "³" and other digits int() does not read.
    if ref.isascii() and ref.isdigit() and len(ref) < TRACKING_CODE_LENGTH:
        return petition_get_for_user(user=request.user, pk=int(ref))
    return petition_get_for_user(user=request.user, code=ref)


class StaffPetitionCursorPagination(CursorPagination):
    """Cursor pagination on a whitelisted, stable ordering (ORDERINGS): the cursor stands on the
    first field and the id breaks ties, so a case added or moved while a client pages through is
    neither skipped nor shown twice on the pages already read. A cursor never counts the rows."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ORDERINGS[DEFAULT_ORDERING]
    invalid_cursor_message = _("分页游标无效。")

    def get_ordering(self, request, queryset, view):
        return ORDERINGS[ordering_param(request)]

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            # A cursor whose position is not a value of the ordering's field (tampered with).
            raise NotFound(self.invalid_cursor_message) from None


def ordering_param(request) -> str:
    value = request.query_params.get("ordering", DEFAULT_ORDERING) or DEFAULT_ORDERING
    if value not in ORDERINGS:
        raise ValidationError({"ordering": [_("排序方式只能是：%(choices)s。") % {"choices": "、".join(ORDERINGS)}]})
    return value


class StaffReadView(APIView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = READ_SCOPE


class StaffPetitionListView(GenericAPIView):
    """`GET /api/v1/staff/petitions/`: the cases the caller may see, as the inbox's "all" view."""

    serializer_class = StaffPetitionListSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = StaffPetitionFilter
    pagination_class = StaffPetitionCursorPagination
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = READ_SCOPE

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no user
            return Petition.objects.none()
        # Only the columns a row shows: the citizen's contact is never loaded (nor decrypted), and
        # building fewer fields of five models per row is a third of the list's CPU at 50 rows
        # (bench/api_lists.py). A field read but not listed here costs a query per row: the query
        # count tests (2 and 20 rows) catch it.
        petitions = staff_petition_list(user=self.request.user).only(*LIST_COLUMNS)
        if ordering_param(self.request) in DUE_ORDERINGS:
            petitions = petitions.filter(due_date__isnull=False)
        return petitions

    @extend_schema(
        tags=[TAG],
        operation_id="staff_petitions_list",
        summary="The cases the caller may see",
        description=(
            "The cases of the caller's inbox (all views): a member's workstations and the cases "
            "assigned to them, a liaison officer's workstations, every case for reviewers and office "
            "staff, none for department handlers (they work through the department queue). Never "
            "the citizen's contact. Cursor-paginated: follow `next`. Filters combine with AND."
        ),
        parameters=[
            OpenApiParameter(
                "ordering",
                OpenApiTypes.STR,
                enum=list(ORDERINGS),
                description="Order of the rows (default -created_at, newest first). "
                "due_date and -due_date list only the cases that have a deadline.",
            )
        ],
        responses={200: StaffPetitionListSerializer(many=True), 400: OpenApiResponse(ERROR_BODY), **READ_ERRORS},
        examples=[
            OpenApiExample(
                "A page",
                value={
                    "next": "/api/v1/staff/petitions/?cursor=cD0yMDI2LTEx",
                    "previous": None,
                    "results": [EXAMPLE_ROW],
                },
                response_only=True,
                status_codes=["200"],
            ),
            error_example(
                "Bad filter",
                "400",
                "invalid",
                "提交的内容有误，请检查后重试。",
                {"overdue": ["请输入一个有效的布尔值。"]},
            ),
            *READ_ERROR_EXAMPLES,
        ],
    )
    def get(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(staff_petition_rows(page, today=timezone.localdate()))


class StaffPetitionDetailView(StaffReadView):
    @extend_schema(
        tags=[TAG],
        operation_id="staff_petitions_retrieve",
        summary="One case, by id or tracking code",
        description=(
            "The case as the case page shows it. The citizen's name, phone and address are given "
            "only to those handling the case (the assigned member, the workstation's liaison "
            "officers); everyone else gets them masked (`contact.visible` false: 138****5678). A "
            "response with the contact in clear is recorded in the access log, as the page is. "
            "Sends a weak `ETag`; with `If-None-Match` the answer is 304 while the case is unchanged."
        ),
        parameters=[
            REF_PARAMETER,
            OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False),
        ],
        responses={
            200: StaffPetitionDetailSerializer,
            304: OpenApiResponse(description="Not modified: the ETag sent in If-None-Match is still current."),
            **READ_ERRORS,
        },
        examples=[
            OpenApiExample("A case (contact masked)", value=EXAMPLE_DETAIL, response_only=True, status_codes=["200"]),
            *READ_ERROR_EXAMPLES,
        ],
    )
    def get(self, request, ref):
        petition = petition_for_ref(request, ref)
        show_contact = can_see_citizen_contact(request.user, petition)
        context = {
            "request": request,
            "today": timezone.localdate(),
            "show_contact": show_contact,
            "show_citizen_material": handles_case(request.user, petition),
        }
        response = etag_response(request, StaffPetitionDetailSerializer(petition, context=context).data)
        if show_contact and response.status_code == 200:
            # As the case page: every time the contact is shown (a 304 shows nothing new).
            access_record(
                kind=AccessKind.CONTACT_VIEW,
                request=request,
                petition_id=petition.pk,
                tracking_code=petition.tracking_code,
            )
        return response


class StaffPetitionEventsView(StaffReadView):
    @extend_schema(
        tags=[TAG],
        operation_id="staff_petitions_events_list",
        summary="The case's timeline, as the case page shows it",
        description="Every entry, internal ones included, oldest first.",
        parameters=[REF_PARAMETER],
        responses={200: StaffEventSerializer(many=True), **READ_ERRORS},
        examples=[
            OpenApiExample(
                "A timeline",
                value=[
                    {
                        "id": 1,
                        "type": "submitted",
                        "type_display": "提交",
                        "actor": "",
                        "from_status": "",
                        "to_status": "received",
                        "visibility": "public",
                        "visibility_display": "群众可见",
                        "message": "",
                        "created_at": "2026-11-30T21:30:00+08:00",
                    }
                ],
                response_only=True,
                status_codes=["200"],
            ),
            *READ_ERROR_EXAMPLES,
        ],
    )
    def get(self, request, ref):
        petition = petition_for_ref(request, ref)
        return Response(StaffEventSerializer(case_timeline(petition=petition), many=True).data)


class StaffPetitionPhotosView(StaffReadView):
    @extend_schema(
        tags=[TAG],
        operation_id="staff_petitions_photos_list",
        summary="The citizen's photos of a case (those handling it only)",
        description="404 to anyone but the assigned member and the workstation's liaison officers, as the page.",
        parameters=[REF_PARAMETER],
        responses={200: StaffPhotoSerializer(many=True), **READ_ERRORS},
        examples=[*READ_ERROR_EXAMPLES],
    )
    def get(self, request, ref):
        petition = petition_for_ref(request, ref)
        photos = case_photos_for_user(user=request.user, petition=petition)
        return Response(StaffPhotoSerializer(photos, many=True).data)


class AnyAcceptNegotiation(DefaultContentNegotiation):
    """A file download answers whatever the client accepts (an image client sends Accept: image/*);
    its errors are JSON, the first renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type


class StaffPetitionPhotoFileView(StaffReadView):
    content_negotiation_class = AnyAcceptNegotiation

    @extend_schema(
        tags=[TAG],
        operation_id="staff_petitions_photo_file",
        summary="One photo's file (those handling the case only; recorded in the access log)",
        parameters=[REF_PARAMETER, OpenApiParameter("photo_pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={
            (200, "image/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The image, as an attachment."),
            **READ_ERRORS,
        },
        examples=[*READ_ERROR_EXAMPLES],
    )
    def get(self, request, ref, photo_pk):
        return case_photo_response(request, petition=petition_for_ref(request, ref), photo_pk=photo_pk)
