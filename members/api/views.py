"""`/api/v1/rosters/…`, `/api/v1/members/`, `/api/v1/sectors/`: the roster pages through the API.

Liaison officers (members.selectors.officer_workstations: their workstations, nobody else's) see a
month's overview and calendar, create a month, generate and publish it (with the page's gap rule
as an explicit `confirm_uncovered` flag: without it a month with gaps is 409 `uncovered_slots`) and
decide swap requests. Members see their duties, request and cancel swaps and declare when they are
unavailable, as on /my/duties/. Everyone who may see rosters looks up who is on duty. Every rule is
members.services' (a refusal is a RosterError: 409); another workstation's roster is 404."""

import datetime

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import READ_ERRORS, WRITE_ERRORS, QueueCursorPagination, RuleAllows, ScopedThrottle, error_responses
from common.etag import etag_response
from common.idempotent_api import idempotent_create
from members import selectors, services
from members.api import serializers
from members.models import DutySwapRequest
from members.selectors import Gap
from workstations.selectors import workstation_get_public

TAG = "rosters"


def _month(year: int, month: int) -> datetime.date:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    return datetime.date(year, month, 1)


class _RostersView:
    permission_classes = [RuleAllows]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "rosters"


class _OfficerView(_RostersView):
    @staticmethod
    def permission_rule(user):
        return selectors.officer_workstations(user).exists()


class _MemberView(_RostersView):
    @staticmethod
    def permission_rule(user):
        return selectors.member_for_user(user) is not None

    def member(self):
        return selectors.member_for_user(self.request.user)


def _gaps(gaps: list[Gap]) -> list[dict]:
    return [{"date": gap.date, "slot": gap.slot, "label": gap.label} for gap in gaps]


def _calendar_body(workstation, month) -> dict:
    calendar = selectors.roster_calendar(workstation=workstation, month=month)
    return serializers.RosterMonthSerializer(
        {
            "workstation": workstation,
            "month": month,
            "roster": calendar.roster,
            "duties": calendar.duties,
            "gaps": _gaps(calendar.gaps),
            "changes": calendar.changes,
        }
    ).data


MONTH_PARAMETER = OpenApiParameter("month", str, description="YYYY-MM; this month when omitted")


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="The officer's workstations for one month: status, month lead, slot duties, gaps",
        parameters=[MONTH_PARAMETER],
        responses={200: serializers.RosterMonthRowSerializer(many=True), **error_responses(*READ_ERRORS, 400)},
    ),
    post=extend_schema(
        tags=[TAG],
        summary="Create (or find) a workstation's draft roster for a month",
        request=serializers.RosterMonthCreateInputSerializer,
        responses={201: serializers.RosterMonthSerializer, **error_responses(*WRITE_ERRORS, 422)},
        examples=[OpenApiExample("Create", value={"workstation": "xiliuwan", "month": "2027-01"}, request_only=True)],
    ),
)
class RosterMonthListView(_OfficerView, APIView):
    def get(self, request):
        raw = request.query_params.get("month")
        month = timezone.localdate().replace(day=1)
        if raw:
            try:
                month = serializers.MonthField().run_validation(raw)
            except ValidationError as error:
                raise ValidationError({"month": error.detail}) from None
        rows = selectors.rosters_overview(user=request.user, month=month)
        body = [
            {
                "workstation": row.workstation,
                "roster": row.roster,
                "lead": row.lead,
                "slot_count": row.slot_count,
                "gaps": _gaps(row.gaps),
            }
            for row in rows
        ]
        return Response(serializers.RosterMonthRowSerializer(body, many=True).data)

    def post(self, request):
        serializer = serializers.RosterMonthCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        workstation = selectors.workstation_get_for_officer(user=request.user, code=data["workstation"])

        def create():
            services.roster_get_or_create(workstation=workstation, month=data["month"])
            return Response(_calendar_body(workstation, data["month"]), status=status.HTTP_201_CREATED)

        return idempotent_create(
            request,
            endpoint="api:v1:roster-months",
            content={"workstation": workstation.pk, "month": data["month"]},
            create=create,
        )


@extend_schema(
    tags=[TAG],
    summary="One workstation's month: duties, uncovered slots, change record",
    responses={200: serializers.RosterMonthSerializer, **error_responses(*READ_ERRORS, 404)},
)
class RosterMonthDetailView(_OfficerView, APIView):
    def get(self, request, code, year, month):
        workstation = selectors.workstation_get_for_officer(user=request.user, code=code)
        return etag_response(request, _calendar_body(workstation, _month(year, month)))


@extend_schema(
    tags=[TAG],
    summary="Fill the draft month (or the rest of the year, or the year) automatically",
    request=serializers.GenerateInputSerializer,
    responses={200: serializers.GenerationReportSerializer, **error_responses(*WRITE_ERRORS)},
    examples=[OpenApiExample("This month", value={"scope": "month"}, request_only=True)],
)
class RosterGenerateView(_OfficerView, APIView):
    def post(self, request, code, year, month):
        workstation = selectors.workstation_get_for_officer(user=request.user, code=code)
        month = _month(year, month)
        serializer = serializers.GenerateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.roster_generate(
            actor=request.user,
            workstations=[workstation],
            months=services.generation_months(month, serializer.validated_data["scope"]),
        )
        body = {
            "added": report.added,
            "unfilled": report.unfilled_lines(),
            "skipped_months": [f"{skipped:%Y-%m}" for _ws, skipped in report.skipped],
        }
        return Response(serializers.GenerationReportSerializer(body).data)


@extend_schema(
    tags=[TAG],
    summary="Publish the month; with gaps only when confirm_uncovered is true",
    request=serializers.PublishInputSerializer,
    responses={200: serializers.RosterMonthSerializer, **error_responses(*WRITE_ERRORS)},
    examples=[
        OpenApiExample("Publish", value={"confirm_uncovered": False}, request_only=True),
        OpenApiExample(
            "Gaps not confirmed",
            value={
                "code": "uncovered_slots",
                "detail": "还有 1 处未安排：12-07 上午。如仍要发布，请勾选“确认在有空缺的情况下发布”。",
                "fields": {"gaps": ["12-07 上午"]},
            },
            response_only=True,
            status_codes=["409"],
        ),
    ],
)
class RosterPublishView(_OfficerView, APIView):
    def post(self, request, code, year, month):
        workstation = selectors.workstation_get_for_officer(user=request.user, code=code)
        month = _month(year, month)
        serializer = serializers.PublishInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.roster_publish(
            actor=request.user,
            workstation=workstation,
            month=month,
            confirm_uncovered=serializer.validated_data["confirm_uncovered"],
        )
        return Response(_calendar_body(workstation, month))


@extend_schema(
    tags=[TAG],
    summary="Who is on duty at a workstation on a date (today when omitted)",
    parameters=[
        OpenApiParameter("workstation", str, required=True, description="The workstation's code"),
        OpenApiParameter("date", datetime.date, description="YYYY-MM-DD; today when omitted"),
    ],
    responses={200: serializers.DutyWithMemberSerializer(many=True), **error_responses(*READ_ERRORS, 400, 404)},
)
class OnDutyView(_RostersView, APIView):
    @staticmethod
    def permission_rule(user):
        return selectors.may_view_rosters(user)

    def get(self, request):
        query = serializers.OnDutyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        workstation = workstation_get_public(code=query.validated_data["workstation"])
        date = query.validated_data.get("date") or timezone.localdate()
        duties = selectors.members_on_duty(workstation=workstation, date=date).select_related("roster__workstation")
        return Response(serializers.DutyWithMemberSerializer(duties, many=True).data)


@extend_schema(
    tags=[TAG],
    summary="The member's own published duties from today",
    responses={200: serializers.DutyOutputSerializer(many=True), **error_responses(*READ_ERRORS)},
)
class MyDutiesView(_MemberView, APIView):
    def get(self, request):
        duties = selectors.member_duties(member=self.member(), since=timezone.localdate())
        return Response(serializers.DutyOutputSerializer(duties, many=True).data)


class SwapPagination(QueueCursorPagination):
    ordering = ("-pk",)


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="Swap requests: an officer's to decide (status=pending by default, or all), a member's own",
        parameters=[OpenApiParameter("status", str, description="pending | approved | declined | cancelled | all")],
        responses={200: serializers.SwapOutputSerializer(many=True), **error_responses(*READ_ERRORS)},
    ),
    post=extend_schema(
        tags=[TAG],
        summary="A member asks to hand a duty to another member, or to exchange it for theirs",
        request=serializers.SwapCreateInputSerializer,
        responses={201: serializers.SwapOutputSerializer, **error_responses(*WRITE_ERRORS, 422)},
        examples=[OpenApiExample("Swap", value={"duty": 12, "target_member": 4, "reason": "出差"}, request_only=True)],
    ),
)
class SwapListView(_RostersView, generics.ListAPIView):
    serializer_class = serializers.SwapOutputSerializer
    pagination_class = SwapPagination

    @staticmethod
    def permission_rule(user):
        return selectors.officer_workstations(user).exists() or selectors.member_for_user(user) is not None

    def get_queryset(self):
        user = self.request.user
        if selectors.officer_workstations(user).exists():
            wanted = self.request.query_params.get("status", "pending")
            return selectors.swap_requests_for_officer(user=user, status=None if wanted == "all" else wanted)
        return selectors.swap_requests_of_member(member=selectors.member_for_user(user))

    def post(self, request):
        member = selectors.member_for_user(request.user)
        if member is None:
            raise Http404
        serializer = serializers.SwapCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        today = timezone.localdate()
        # The page's choices: one of the member's own coming duties, a partner of that duty, and
        # (for an exchange) one of that partner's duties the page would offer.
        duty = selectors.member_duties(member=member, since=today).filter(pk=data["duty"]).first()
        if duty is None:
            raise Http404
        target_member = selectors.swap_partners(duty=duty).filter(pk=data["target_member"]).first()
        if target_member is None:
            raise ValidationError({"target_member": [_msg_choice()]})
        target_duty = None
        if data.get("target_duty"):
            target_duty = selectors.swap_partner_duties(duty=duty, since=today).filter(pk=data["target_duty"]).first()
            if target_duty is None:
                raise ValidationError({"target_duty": [_msg_choice()]})

        def create():
            swap = services.swap_request_create(
                requester=member, duty=duty, target_member=target_member, target_duty=target_duty, reason=data["reason"]
            )
            return Response(serializers.SwapOutputSerializer(_swap(swap.pk)).data, status=status.HTTP_201_CREATED)

        content = {**data, "target_duty": target_duty.pk if target_duty else None}
        return idempotent_create(request, endpoint="api:v1:roster-swaps", content=content, create=create)


def _msg_choice():
    from django.utils.translation import gettext

    return gettext("选择一个有效的选项。该选择不在可用的选项中。")


def _swap(pk) -> DutySwapRequest:
    return DutySwapRequest.objects.select_related(
        "duty__roster__workstation", "target_duty__roster__workstation", "requester__user", "target_member__user"
    ).get(pk=pk)


@extend_schema(
    tags=[TAG],
    summary="An officer approves a pending swap (the roster changes at once)",
    request=None,
    responses={200: serializers.SwapOutputSerializer, **error_responses(*WRITE_ERRORS)},
)
class SwapApproveView(_OfficerView, APIView):
    def post(self, request, pk):
        swap = selectors.swap_request_get_for_officer(user=request.user, pk=pk)
        services.swap_request_approve(actor=request.user, swap=swap)
        return Response(serializers.SwapOutputSerializer(_swap(pk)).data)


@extend_schema(
    tags=[TAG],
    summary="An officer declines (refuses) a pending swap",
    request=serializers.SwapDeclineInputSerializer,
    responses={200: serializers.SwapOutputSerializer, **error_responses(*WRITE_ERRORS)},
)
class SwapDeclineView(_OfficerView, APIView):
    def post(self, request, pk):
        swap = selectors.swap_request_get_for_officer(user=request.user, pk=pk)
        serializer = serializers.SwapDeclineInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.swap_request_decline(actor=request.user, swap=swap, note=serializer.validated_data["note"])
        return Response(serializers.SwapOutputSerializer(_swap(pk)).data)


@extend_schema(
    tags=[TAG],
    summary="The requester cancels their pending swap request",
    request=None,
    responses={200: serializers.SwapOutputSerializer, **error_responses(*WRITE_ERRORS)},
)
class SwapCancelView(_MemberView, APIView):
    def post(self, request, pk):
        member = self.member()
        swap = DutySwapRequest.objects.filter(pk=pk, requester=member).first()
        if swap is None:
            raise Http404
        services.swap_request_cancel(requester=member, swap=swap)
        return Response(serializers.SwapOutputSerializer(_swap(pk)).data)


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="The member's periods of unavailability that are not over",
        responses={200: serializers.UnavailabilityOutputSerializer(many=True), **error_responses(*READ_ERRORS)},
    ),
    post=extend_schema(
        tags=[TAG],
        summary="The member declares days they cannot take a duty",
        request=serializers.UnavailabilityInputSerializer,
        responses={201: serializers.UnavailabilityCreatedSerializer, **error_responses(*WRITE_ERRORS, 422)},
        examples=[
            OpenApiExample(
                "Away", value={"start": "2027-01-10", "end": "2027-01-14", "reason": "外出学习"}, request_only=True
            )
        ],
    ),
)
class UnavailabilityListView(_MemberView, APIView):
    def get(self, request):
        rows = selectors.member_unavailability(member=self.member(), since=timezone.localdate())
        return Response(serializers.UnavailabilityOutputSerializer(rows, many=True).data)

    def post(self, request):
        member = self.member()
        serializer = serializers.UnavailabilityInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        def create():
            result = services.unavailability_add(member=member, **data)
            body = {
                "id": result.period.pk,
                "start": result.period.start,
                "end": result.period.end,
                "reason": result.period.reason,
                "conflicts": result.conflicts,
            }
            return Response(serializers.UnavailabilityCreatedSerializer(body).data, status=status.HTTP_201_CREATED)

        return idempotent_create(request, endpoint="api:v1:roster-unavailability", content=dict(data), create=create)


@extend_schema(
    tags=[TAG],
    summary="The member removes one of their periods of unavailability",
    responses={204: None, **error_responses(401, 403, 404, 429)},
)
class UnavailabilityDetailView(_MemberView, APIView):
    def delete(self, request, pk):
        try:
            services.unavailability_remove(member=self.member(), pk=pk)
        except services.RosterError as error:
            raise Http404 from error
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- members and sectors -----------------------------------------------------------------------


class MemberPagination(QueueCursorPagination):
    ordering = ("pk",)


@extend_schema_view(
    get=extend_schema(
        tags=["members"],
        summary="Active committee members: name, sector, title, workstations (never a phone)",
        responses={200: serializers.MemberOutputSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
)
class MemberListView(generics.ListAPIView):
    permission_classes = [RuleAllows]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "members"
    serializer_class = serializers.MemberOutputSerializer
    pagination_class = MemberPagination

    @staticmethod
    def permission_rule(user):
        return selectors.may_view_members(user)

    def get_queryset(self):
        return selectors.members_public_list()


@extend_schema_view(
    get=extend_schema(
        tags=["members"],
        summary="The CPPCC sectors (界别)",
        responses={200: serializers.SectorSerializer(many=True), **error_responses(401, 429)},
    )
)
class SectorListView(generics.ListAPIView):
    throttle_classes = [ScopedThrottle]
    throttle_scope = "members"
    serializer_class = serializers.SectorSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.sectors_list()
