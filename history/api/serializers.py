from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from history.choices import BatchStatus
from history.forms import MAX_UPLOAD_BYTES


class UploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The filled-in template (.xlsx, at most 30 MB, 200,000 rows).")
    valid_only = serializers.BooleanField(
        default=False, help_text="Import the valid rows at once even if some rows are refused."
    )

    def validate_file(self, upload):
        # The page's form says the same (history.forms).
        if not upload.name.lower().endswith(".xlsx"):
            raise serializers.ValidationError(_("请上传 .xlsx 文件（可先下载模板）。"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(_("文件不能超过 30 MB，请分成几个文件导入。"))
        return upload


class BatchOutputSerializer(serializers.Serializer):
    """A batch's progress while its task runs, and its result once it is done (the page's
    status.json, history.selectors.batch_progress)."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=BatchStatus.choices)
    status_display = serializers.CharField()
    running = serializers.BooleanField(help_text="True while queued, checking or importing: poll again.")
    percent = serializers.IntegerField(help_text="0-100 over both stages (checking, then importing).")
    text = serializers.CharField()
    rows_done = serializers.IntegerField()
    total_rows = serializers.IntegerField()
    valid_rows = serializers.IntegerField()
    refused_rows = serializers.IntegerField()
    already_rows = serializers.IntegerField()
    imported_rows = serializers.IntegerField()
    valid_only = serializers.BooleanField()
    error = serializers.CharField(help_text="Why the batch failed, for people; empty otherwise.")
    seconds = serializers.FloatField()


class RefusalOutputSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The spreadsheet's row number (the header is row 1).")
    column = serializers.CharField()
    reason = serializers.CharField()


class RefusalsOutputSerializer(serializers.Serializer):
    refused_rows = serializers.IntegerField(help_text="Every refused row; `results` holds the first 5,000.")
    results = RefusalOutputSerializer(many=True)
