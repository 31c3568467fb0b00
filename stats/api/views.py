"""GET /api/v1/stats/...: the dashboard's figures as JSON, from the same selectors and the same
filter as the page (query parameters are the page's filter fields)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework.decorators import api_view
from rest_framework.response import Response

from common.replica import use_replica
from stats import selectors
from stats.api import serializers
from stats.views import filter_for_request

FILTER_PARAMETERS = [
    OpenApiParameter(name, description=description, required=False)
    for name, description in [
        ("period", "month | quarter | year | to_date (累计: first record to today) | custom (at most 5 years)"),
        ("month", "YYYY-MM (period=month)"),
        ("year", "YYYY (period=quarter or year)"),
        ("quarter", "1–4 (period=quarter)"),
        ("start", "YYYY-MM-DD (period=custom)"),
        ("end", "YYYY-MM-DD (period=custom)"),
        ("workstation", "workstation id; a district includes its descendants"),
        ("sector", "sector id"),
        ("category", "category id"),
        ("department", "department id"),
        ("channel", "online | reception | phone | field_visit"),
    ]
]


def _period(f) -> dict:
    return {"start": f.start, "end": f.end, "label": f.label}


@extend_schema(parameters=FILTER_PARAMETERS, responses=serializers.SummarySerializer)
@api_view(["GET"])
@use_replica()
def summary(request):
    _form, f = filter_for_request(request._request)
    return Response(serializers.SummarySerializer({"period": _period(f), **selectors.summary(f)}).data)


def _breakdown(selector, serializer):
    envelope = inline_serializer(
        name=f"Stats{serializer.__name__.removesuffix('Serializer')}{selector.__name__.title().replace('_', '')}",
        fields={"period": serializers.PeriodSerializer(), "results": serializer(many=True)},
    )

    @extend_schema(parameters=FILTER_PARAMETERS, responses=envelope)
    @api_view(["GET"])
    @use_replica()
    def view(request):
        _form, f = filter_for_request(request._request)
        return Response(
            {
                "period": serializers.PeriodSerializer(_period(f)).data,
                "results": serializer(selector(f), many=True).data,
            }
        )

    view.cls.__name__ = f"Stats{selector.__name__.title().replace('_', '')}View"
    return view


trend = _breakdown(selectors.trend, serializers.TrendSerializer)
categories = _breakdown(selectors.by_category, serializers.FiguresRowSerializer)
workstations = _breakdown(selectors.by_workstation, serializers.WorkstationRowSerializer)
departments = _breakdown(selectors.by_department, serializers.DepartmentRowSerializer)
members = _breakdown(selectors.by_member, serializers.MemberRowSerializer)
