from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 30 * 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("历史数据文件（.xlsx）"))
    valid_only = forms.BooleanField(
        label=_("仅导入无误的行（有误的行跳过，不导入）"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 文件（可先下载模板）。"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件不能超过 30 MB，请分成几个文件导入。"))
        return upload
