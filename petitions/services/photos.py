"""Citizens' photos: recognised by their content, bounded in bytes and pixels, and re-encoded so
that nothing but the pixels survives (no EXIF, no GPS position, no embedded comments)."""

import datetime
import io
import uuid
from dataclasses import dataclass

import filetype
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# A 5 MB file can decompress to gigabytes of pixels; refuse anything past 40 megapixels.
MAX_PHOTO_PIXELS = 40_000_000
# What we accept, by the MIME type the content says it is: (Pillow format, extension).
ACCEPTED = {
    "image/jpeg": ("JPEG", "jpg"),
    "image/png": ("PNG", "png"),
    "image/webp": ("WEBP", "webp"),
}


@dataclass(frozen=True)
class CleanPhoto:
    """A photo ready to store: re-encoded bytes and what we know about them."""

    content: bytes
    content_type: str
    extension: str
    width: int
    height: int

    def as_file(self) -> ContentFile:
        # A random name: the citizen's file name may carry a name or a place.
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}.{self.extension}")


def photo_clean(upload) -> CleanPhoto:
    """Check one uploaded file and re-encode it. Raises ValidationError with a message for the citizen."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("照片“%(name)s”超过 5 MB，请压缩后再上传。"), params={"name": upload.name[:60]})
    upload.seek(0)
    data = upload.read()
    kind = filetype.guess(data[:262])
    if kind is None or kind.mime not in ACCEPTED:
        raise ValidationError(_("“%(name)s”不是 JPEG、PNG 或 WebP 格式的图片。"), params={"name": upload.name[:60]})
    pil_format, extension = ACCEPTED[kind.mime]
    try:
        with Image.open(io.BytesIO(data), formats=[pil_format]) as image:
            width, height = image.size
            if width * height > MAX_PHOTO_PIXELS:
                raise ValidationError(_("照片尺寸过大，请缩小后再上传。"))
            image.load()
            # Turn the picture the way the camera meant before the orientation tag is dropped.
            image = ImageOps.exif_transpose(image)
            if pil_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            elif pil_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
                image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
            out = io.BytesIO()
            save_options = {"JPEG": {"quality": 85}, "PNG": {"optimize": True}, "WEBP": {"quality": 85}}[pil_format]
            # No exif=, icc_profile= or pnginfo= passed: Pillow writes the pixels only.
            image.save(out, format=pil_format, **save_options)
            width, height = image.size
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("“%(name)s”无法识别为图片，请换一张。"), params={"name": upload.name[:60]}) from exc
    return CleanPhoto(content=out.getvalue(), content_type=kind.mime, extension=extension, width=width, height=height)


# Photos held while a citizen looks at similar open cases: a file input cannot be filled in again
# by the server, so the cleaned photos wait in storage and the page carries a signed token naming
# them. Nobody can name files of their own (the token is signed) or read them (they are not served
# and their names are random); they are deleted when used, and by photos_held_sweep when not.
HELD_DIR = "intake-held"
HELD_SALT = "petitions.held_photos"
HELD_MAX_AGE = 3600


class HeldPhotosExpired(Exception):
    """The token is older than HELD_MAX_AGE or its files are gone: the citizen picks them again."""


def photos_hold(photos) -> str:
    """Store cleaned photos for a later submission; returns the token for the page's hidden field."""
    entries = []
    for photo in photos:
        name = default_storage.save(f"{HELD_DIR}/{uuid.uuid4().hex}.{photo.extension}", ContentFile(photo.content))
        entries.append([name, photo.content_type, photo.extension, photo.width, photo.height])
    return signing.dumps(entries, salt=HELD_SALT, compress=True)


def _held_entries(token: str) -> list:
    try:
        entries = signing.loads(token, salt=HELD_SALT, max_age=HELD_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise HeldPhotosExpired from exc
    except signing.BadSignature:
        return []  # not a token we made: as if no photo had been held
    if not isinstance(entries, list) or len(entries) > MAX_PHOTOS:
        return []
    return [entry for entry in entries if isinstance(entry, list) and str(entry[0]).startswith(f"{HELD_DIR}/")]


def photos_from_hold(token: str) -> list[CleanPhoto]:
    """The photos a token names. Raises HeldPhotosExpired when they are too old or gone."""
    photos = []
    for name, content_type, extension, width, height in _held_entries(token):
        try:
            with default_storage.open(name) as held:
                content = held.read()
        except FileNotFoundError as exc:
            raise HeldPhotosExpired from exc
        photos.append(
            CleanPhoto(content=content, content_type=content_type, extension=extension, width=width, height=height)
        )
    return photos


def photos_release(token: str) -> None:
    """Delete the held files of a token once its photos are stored with the petition."""
    try:
        entries = _held_entries(token)
    except HeldPhotosExpired:
        return
    for name, *_rest in entries:
        default_storage.delete(name)


def photos_held_sweep(*, older_than: int = 2 * HELD_MAX_AGE) -> int:
    """Delete held photos nobody came back for. Returns how many files went."""
    if not default_storage.exists(HELD_DIR):
        return 0
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than)
    deleted = 0
    for name in default_storage.listdir(HELD_DIR)[1]:
        path = f"{HELD_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted
