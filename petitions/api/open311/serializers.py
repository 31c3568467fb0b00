"""What a GeoReport v2 client sends, read into our intake's terms (petitions.services.IntakeData)
under the same rules as the QR-code form and POST /api/v1/petitions/: the free-text rule
(common.text), the length limits and petition_intake_validate's checks, with its messages.

Read and not kept: jurisdiction_id (one jurisdiction), email, device_id, account_id and
address_id (nothing in a petition holds them: we keep no more about a citizen than the form asks),
media_url (never fetched: photos come through the form, where they are re-encoded)."""

import math
import re

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.text import PlainTextSerializerField
from petitions.api.open311.selectors import ATTRIBUTE_CONSENT, ATTRIBUTE_WORKSTATION, CONSENT_YES, code_valid
from petitions.services import IntakeData, IntakeError, petition_intake_validate
from workstations.models import Workstation

# The spec's own bound on a description; the intake's (2000) is checked after, with its message.
DESCRIPTION_MAX = 4000
_ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_]{1,40})\](\[\])?$")
_CJK = re.compile(r"[\u3400-\u9fff]")

MSG_SERVICE_CODE = _("请提供诉求类别代码 service_code（见 services）。")
MSG_DESCRIPTION = _("请填写诉求内容 description。")
MSG_WORKSTATION = _("请在 attribute[WORKSTATION] 中选择委员工作室（见该类别的 services/<service_code>）。")
MSG_NO_WORKSTATION = _("没有这个工作室。")
MSG_CONSENT_VALUE = _("attribute[CONSENT] 只能填 yes。")
MSG_LAT_LONG = _("lat 和 long 须一同提供，且为有效的经纬度。")


def attributes_from(data) -> dict[str, str]:
    """The `attribute[CODE]=value` pairs of a form body (or an `attribute` object of a JSON one),
    by code; a list value (multivaluelist, attribute[CODE][]=…) keeps its last item: we ask for none."""
    found: dict[str, str] = {}
    nested = data.get("attribute") if hasattr(data, "get") else None
    if isinstance(nested, dict):
        found.update({str(k): str(v) for k, v in nested.items()})
    for name in data.keys() if hasattr(data, "keys") else ():
        match = _ATTRIBUTE.match(str(name))
        if match:
            values = data.getlist(name) if hasattr(data, "getlist") else [data[name]]
            found[match.group(1)] = str(values[-1]) if values else ""
    return found


class ServiceRequestInputSerializer(serializers.Serializer):
    service_code = serializers.CharField(
        max_length=40, error_messages={"required": MSG_SERVICE_CODE, "blank": MSG_SERVICE_CODE}
    )
    description = PlainTextSerializerField(
        label=_("诉求内容"),
        multiline=True,
        max_length=DESCRIPTION_MAX,
        error_messages={
            "required": MSG_DESCRIPTION,
            "blank": MSG_DESCRIPTION,
            "max_length": _("内容最多 2000 个字，请精简后再提交。"),
        },
    )
    address_string = PlainTextSerializerField(
        label=_("发生地点"), max_length=200, required=False, allow_blank=True, default=""
    )
    lat = serializers.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value", "overflow"), MSG_LAT_LONG),
    )
    long = serializers.FloatField(
        required=False,
        min_value=-180,
        max_value=180,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value", "overflow"), MSG_LAT_LONG),
    )
    first_name = PlainTextSerializerField(label=_("姓名"), max_length=50, required=False, allow_blank=True, default="")
    last_name = PlainTextSerializerField(label=_("姓名"), max_length=50, required=False, allow_blank=True, default="")
    phone = PlainTextSerializerField(label=_("手机号码"), max_length=20, required=False, allow_blank=True, default="")

    def __init__(self, *args, attributes: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.attributes = attributes

    def validate(self, attrs):
        if ("lat" in attrs) != ("long" in attrs) or not all(
            math.isfinite(attrs[name]) for name in ("lat", "long") if name in attrs
        ):
            raise serializers.ValidationError({"lat": [MSG_LAT_LONG]})
        code = self.attributes.get(ATTRIBUTE_WORKSTATION, "").strip()
        if not code:
            raise serializers.ValidationError({f"attribute[{ATTRIBUTE_WORKSTATION}]": [MSG_WORKSTATION]})
        workstation = Workstation.objects.active().filter(code=code).first() if code_valid(code) else None
        if workstation is None:
            raise serializers.ValidationError({f"attribute[{ATTRIBUTE_WORKSTATION}]": [MSG_NO_WORKSTATION]})
        consent = self.attributes.get(ATTRIBUTE_CONSENT, "").strip().lower()
        if consent not in ("", CONSENT_YES):
            raise serializers.ValidationError({f"attribute[{ATTRIBUTE_CONSENT}]": [MSG_CONSENT_VALUE]})
        location = attrs["address_string"]
        if not location and "lat" in attrs:
            location = f"{attrs['lat']:.6f},{attrs['long']:.6f}"
        try:
            attrs["intake_data"] = petition_intake_validate(
                IntakeData(
                    content=attrs["description"],
                    category=self.context["category"],
                    location=location,
                    citizen_name=full_name(attrs["first_name"], attrs["last_name"]),
                    citizen_phone=attrs["phone"],
                    consent_given=consent == CONSENT_YES,
                )
            )
        except IntakeError as exc:
            field = {"content": "description", "consent": f"attribute[{ATTRIBUTE_CONSENT}]"}.get(exc.code, exc.code)
            raise serializers.ValidationError({field or "non_field_errors": exc.messages}) from exc
        attrs["workstation"] = workstation
        return attrs


def full_name(first: str, last: str) -> str:
    """A Chinese name is written family name first and without a space (王 + 小明: 王小明)."""
    first, last = first.strip(), last.strip()
    if _CJK.search(first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip()
