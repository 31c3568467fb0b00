"""The forms of intake and tracking. They parse and report; the rules live in
petitions.services.intake (`petition_intake_validate`), which these forms call so that a bad input
gets its message next to the field it concerns."""

import secrets

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from common.text import PlainTextField
from petitions.choices import Satisfaction
from petitions.selectors.public import category_get_active, category_list_active
from petitions.services import IntakeData, IntakeError, petition_intake_validate, photo_clean
from petitions.services.intake import CONTENT_MAX, CONTENT_MIN, OFFLINE_CHANNELS
from petitions.services.photos import MAX_PHOTOS, HeldPhotosExpired, photos_from_hold, photos_hold

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": PHOTO_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(24)


class ActiveCategoryField(forms.ModelChoiceField):
    """The category choice, checked against the cached list of active categories: a submission
    costs no query for it (the choices are still rendered from the queryset)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        category = category_get_active(pk=value)
        if category is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return category


class PetitionForm(forms.Form):
    """The citizen's form behind the QR code. Works without JavaScript; large controls."""

    # Field errors for what the service refuses, by the IntakeError code.
    ERROR_FIELDS = {"content": "content", "phone": "citizen_phone", "consent": "consent_given", "photos": "photos"}

    # A lazy queryset, built once: each form gets a clone, evaluated only when the form is rendered.
    category = ActiveCategoryField(
        label=_("诉求类别"),
        queryset=category_list_active(),
        empty_label=_("请选择"),
        error_messages={"required": _("请选择诉求类别。"), "invalid_choice": _("请选择诉求类别。")},
    )
    content = PlainTextField(
        label=_("发生了什么，或您有什么建议"),
        min_length=CONTENT_MIN,
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": CONTENT_MAX}),
        error_messages={
            "required": _("请写下您反映的问题或建议。"),
            "min_length": _("请把情况写得具体一些，至少 10 个字。"),
            "max_length": _("内容最多 2000 个字，请精简后再提交。"),
        },
    )
    location = PlainTextField(
        label=_("发生地点（选填）"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("地点最多 200 个字。")},
    )
    is_anonymous = forms.BooleanField(label=_("匿名反映（不留姓名和电话，将无法短信告知您办理结果）"), required=False)
    citizen_name = PlainTextField(
        label=_("您的姓名（选填）"),
        required=False,
        max_length=50,
        error_messages={"max_length": _("姓名最多 50 个字。")},
    )
    citizen_phone = PlainTextField(
        label=_("手机号码（选填，用于告知办理进度）"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": _("请输入正确的 11 位手机号码，例如 13800138000。")},
    )
    consent_given = forms.BooleanField(
        label=_("我同意工作室为办理本诉求使用我留下的姓名和电话（留下联系方式时必选）"), required=False
    )
    photos = MultipleFileField(label=_("照片（选填，最多 3 张）"), required=False)
    # A honeypot: hidden from people by CSS, filled in by bots.
    website = forms.CharField(
        label=_("网址"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # Photos kept while the citizen looked at similar cases (photos_hold); rendered by the template.
    held_photos = forms.CharField(widget=forms.HiddenInput, required=False, max_length=4000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", new_idempotency_key())
        self.intake_data: IntakeData | None = None

    @cached_property
    def helper(self) -> FormHelper:
        # Built when the form is rendered, not for every POST that validates and redirects.
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        # The idempotency key is rendered by the template, outside the layout, so that the blank
        # form's markup is the same for every visitor and can be cached (see submit.html).
        helper.layout = self.build_layout()
        return helper

    def build_layout(self):
        return Layout(
            Field("category", css_class="form-select-lg"),
            Field("content", css_class="form-control-lg"),
            Field("location", css_class="form-control-lg"),
            HTML('<hr class="my-4">'),
            Field("is_anonymous"),
            Field("citizen_name", css_class="form-control-lg", autocomplete="name"),
            Field("citizen_phone", css_class="form-control-lg"),
            Field("consent_given"),
            Field("photos", css_class="form-control-lg"),
            Div(Field("website"), css_class="hp-field", aria_hidden="true"),
        )

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get("website"))

    def clean_photos(self):
        uploads = self.cleaned_data.get("photos") or []
        if len(uploads) > MAX_PHOTOS:
            raise forms.ValidationError(_("最多上传 3 张照片。"))
        if not uploads and self.data.get("held_photos"):
            # Back from the similar-cases page without picking again: the photos kept for them.
            try:
                return photos_from_hold(self.data["held_photos"])
            except HeldPhotosExpired:
                raise forms.ValidationError(_("保留的照片已过期，请重新选择照片。")) from None
        return [photo_clean(upload) for upload in uploads]

    def extra_data(self) -> dict:
        return {}

    def photos_hold(self) -> tuple[str, int]:
        """Before the similar-cases choice: the token of the photos to carry through it (those
        held already, or the ones just uploaded, stored now) and how many there are."""
        photos = self.intake_data.photos
        held = "" if self.files else self.cleaned_data.get("held_photos", "")
        if photos and not held:
            held = photos_hold(photos)
        return held, len(photos)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.intake_data = petition_intake_validate(
                IntakeData(
                    content=cleaned["content"],
                    category=cleaned["category"],
                    location=cleaned.get("location", ""),
                    citizen_name=cleaned.get("citizen_name", ""),
                    citizen_phone=cleaned.get("citizen_phone", ""),
                    is_anonymous=cleaned.get("is_anonymous", False),
                    consent_given=cleaned.get("consent_given", False),
                    photos=cleaned.get("photos") or [],
                    **self.extra_data(),
                )
            )
        except IntakeError as exc:
            self.add_error(self.ERROR_FIELDS.get(exc.code), exc.messages)
        return cleaned


class OfflinePetitionForm(PetitionForm):
    """A liaison officer or member records a petition taken in person, by phone or on a visit."""

    workstation = forms.ModelChoiceField(
        label=_("工作室"), queryset=None, error_messages={"required": _("请选择工作室。")}
    )
    channel = forms.ChoiceField(
        label=_("收集渠道"),
        choices=[(c.value, c.label) for c in OFFLINE_CHANNELS],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择来访、电话或走访收集。")},
    )
    citizen_address = PlainTextField(
        label=_("群众住址（选填）"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("住址最多 200 个字。")},
    )

    def __init__(self, *args, workstations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstation"].queryset = workstations
        self.fields["consent_given"].label = _(
            "群众已同意工作室为办理本诉求使用其姓名、电话和住址（留下联系方式时必选）"
        )
        del self.fields["website"]
        if len(workstations) == 1:
            self.initial.setdefault("workstation", workstations[0].pk)

    def build_layout(self):
        return Layout(
            Field("workstation"),
            Field("channel"),
            Field("category"),
            Field("content"),
            Field("location"),
            HTML('<hr class="my-4">'),
            Field("is_anonymous"),
            Field("citizen_name"),
            Field("citizen_phone"),
            Field("citizen_address"),
            Field("consent_given"),
            Field("photos"),
        )

    @property
    def honeypot_filled(self) -> bool:
        return False

    def extra_data(self) -> dict:
        return {"citizen_address": self.cleaned_data.get("citizen_address", "")}


class TrackLookupForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "placeholder": "XXXX-XXXX-XXXX"}
        ),
        error_messages={"required": _("请输入查询码。"), "max_length": _("查询码为 12 位字母和数字。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.fields["code"].widget.attrs["class"] = "form-control-lg"


class RatingForm(forms.Form):
    """The citizen's two scores (issue 16): the handling (办理满意度) and the result (结果满意度)."""

    satisfaction = forms.ChoiceField(
        label=_("您对办理过程（响应速度、工作态度）是否满意？"),
        choices=Satisfaction.choices,
        error_messages={"required": _("请选择满意、基本满意或不满意。")},
    )
    result_satisfaction = forms.ChoiceField(
        label=_("您对办理结果（问题是否解决）是否满意？"),
        choices=Satisfaction.choices,
        error_messages={"required": _("请对办理结果选择满意、基本满意或不满意。")},
    )
    comment = PlainTextField(
        label=_("您的意见（选填）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        error_messages={"max_length": _("评价意见最多 500 个字。")},
    )
