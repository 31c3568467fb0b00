import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from common.idempotency import idempotency_scope
from members.choices import DutyKind
from tests import factories


@pytest.fixture
def category(db):
    return factories.CategoryFactory(name="噪音扰民", code="noise")


@pytest.fixture
def on_duty(workstation):
    """A member on duty at the workstation today (a published roster, today's morning slot)."""
    member = factories.MemberFactory(
        user__username="duty", user__full_name="李值班", sector__name="经济界", phone="13912345678"
    )
    member.workstations.add(workstation)
    roster = factories.DutyRosterFactory(workstation=workstation, month=timezone.localdate().replace(day=1))
    factories.DutyAssignmentFactory(roster=roster, member=member, kind=DutyKind.SLOT, date=timezone.localdate())
    return member


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A real JPEG carrying EXIF with a GPS position and a camera model."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Secret Camera Model"  # Model
    gps = {1: "N", 2: (28.0, 33.0, 0.0), 3: "E", 4: (112.0, 21.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_bytes(size=(32, 32), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, format="PNG")
    return out.getvalue()


def upload(name: str, content: bytes, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


CONTENT = "河堤广场晚上九点半以后音乐声太大，影响一中高三学生休息。"


def form_key_stored(key: str, workstation, caller: str = "ip:127.0.0.1") -> str:
    """The citizen's form key as the petition row keeps it (bound to the form and the caller)."""
    return idempotency_scope(endpoint=f"petitions:submit:{workstation.code}", caller=caller, key=key)


def desk_key_stored(key: str, user) -> str:
    """The intake desk's form key as the petition row keeps it (bound to the staff member)."""
    return idempotency_scope(endpoint="petitions:offline_record", caller=f"user:{user.pk}", key=key)
