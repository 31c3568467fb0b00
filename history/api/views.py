"""`/api/v1/history/imports/…`: the history import as the page runs it. Upload a file (a queued
batch, 202), poll its progress and result, read the refused rows, import the valid rows of a file
with errors. Who may: history.permissions (office staff), the page's rule; which batches: the
page's selector (history.selectors.batch_get)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import READ_ERRORS, WRITE_ERRORS, RuleAllows, ScopedThrottle, error_responses
from history import selectors, services
from history.api import serializers
from history.permissions import can_import_history
from history.spreadsheet import SpreadsheetError

TAG = "history"


class _HistoryView(APIView):
    permission_classes = [RuleAllows]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "history"

    @staticmethod
    def permission_rule(user):
        return can_import_history(user)

    @staticmethod
    def output(batch) -> dict:
        return serializers.BatchOutputSerializer(selectors.batch_progress(batch=batch)).data


class BatchUploadView(_HistoryView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=[TAG],
        summary="Upload a history spreadsheet: a queued batch, checked and imported by a task",
        request={"multipart/form-data": serializers.UploadInputSerializer},
        responses={202: serializers.BatchOutputSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request):
        given = serializers.UploadInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        upload = given.validated_data["file"]
        try:
            batch = services.batch_upload(
                data=upload.read(),
                file_name=upload.name,
                user=request.user,
                valid_only=given.validated_data["valid_only"],
            )
        except SpreadsheetError as exc:
            raise drf_serializers.ValidationError({"file": [str(exc)]}) from None
        return Response(self.output(batch), status=status.HTTP_202_ACCEPTED)


class BatchDetailView(_HistoryView):
    @extend_schema(
        tags=[TAG],
        summary="A batch's progress (poll while `running`) and its result",
        responses={200: serializers.BatchOutputSerializer, **error_responses(*READ_ERRORS, 404)},
    )
    def get(self, request, pk: int):
        return Response(self.output(selectors.batch_get(pk=pk)))


class BatchRefusalsView(_HistoryView):
    @extend_schema(
        tags=[TAG],
        summary="The refused rows of a batch: row number, column and reason (never a cell's value)",
        responses={200: serializers.RefusalsOutputSerializer, **error_responses(*READ_ERRORS, 404)},
    )
    def get(self, request, pk: int):
        batch = selectors.batch_get(pk=pk)
        results = [{"row": number, "column": column, "reason": reason} for number, column, reason in batch.refusals]
        return Response(
            serializers.RefusalsOutputSerializer({"refused_rows": batch.refused_rows, "results": results}).data
        )


class BatchImportValidView(_HistoryView):
    @extend_schema(
        tags=[TAG],
        summary="Import the valid rows of a batch that stopped on refused rows (queues the task again)",
        request=None,
        responses={202: serializers.BatchOutputSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request, pk: int):
        batch = services.batch_import_valid_rows(batch=selectors.batch_get(pk=pk), user=request.user)
        return Response(self.output(batch), status=status.HTTP_202_ACCEPTED)
