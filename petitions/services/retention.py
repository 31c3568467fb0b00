"""Deleting a citizen's personal data from a case (PIPL art. 47): the contact fields
(Petition.CONTACT_FIELDS) and the photos, files and rows. The case, its timeline and every figure
stay; the petition is stamped `anonymised_at` and its timeline gets one ANONYMISED event.

Two entry points: the beat sweep, for cases closed more than PII_RETENTION_MONTHS ago, and a
citizen's request, made through a liaison officer or office staff on the case page. Both are
idempotent: an anonymised case is skipped (the sweep) or refused with a message (the request).
"""

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.i18n import in_office_language
from petitions import permissions as perms
from petitions.choices import EventType
from petitions.events import event_build
from petitions.models import Petition, PetitionEvent, PetitionPhoto
from petitions.services.handling import is_liaison_of
from petitions.workflow import ActionNotAllowed, TransitionError

logger = logging.getLogger("petitions.retention")

SWEEP_BATCH = 200
# A run stops after this many batches (beat's time limit); the next run takes up where it stopped.
SWEEP_MAX_BATCHES = 50

REASON_RETENTION = "retention"
REASON_REQUEST = "request"


def contact_cleared_values() -> dict:
    """What each contact field becomes: "" for a NOT NULL field, None for a nullable one (so that a
    keyed hash or an encrypted copy added to CONTACT_FIELDS is cleared the same way)."""
    values = {}
    for name in Petition.CONTACT_FIELDS:
        field = Petition._meta.get_field(name)
        values[name] = None if field.null else ""
    return values


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - relativedelta(months=settings.PII_RETENTION_MONTHS)


def _photo_files_delete(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            # The row is gone; a file left behind is unreachable (never served as media). Logged
            # by name only, which is random (petitions.services.photos).
            logger.exception("photo file not deleted: %s", name)


def _anonymise(petitions: list[Petition], *, actor, reason: str, now: datetime.datetime) -> None:
    """Rows already locked by the caller, none anonymised yet. One UPDATE, one photo DELETE and
    one event INSERT whatever the number of petitions; files go after commit."""
    ids = [p.pk for p in petitions]
    photos = PetitionPhoto.objects.filter(petition_id__in=ids)
    names = list(photos.values_list("image", flat=True))
    photos.delete()
    # update(): updated_at stays as it was (it is not an edit of the case).
    Petition.objects.filter(pk__in=ids).update(**contact_cleared_values(), anonymised_at=now)
    if reason == REASON_RETENTION:
        message = _("保存期满，已删除群众个人信息（姓名、联系方式、住址）和照片。")
    else:
        message = _("应群众要求，已删除群众个人信息（姓名、联系方式、住址）和照片。")
    PetitionEvent.objects.bulk_create(
        [
            event_build(
                petition=petition,
                type=EventType.ANONYMISED,
                actor=actor,
                actor_label="" if actor is not None else str(_("系统")),
                message=str(message),
                data={"reason": reason},
                at=now,
            )
            for petition in petitions
        ]
    )
    if names:
        transaction.on_commit(lambda: _photo_files_delete(names))


@in_office_language
@transaction.atomic
def petition_contact_erase(*, user, petition_id: int) -> Petition:
    """A citizen asked for their personal data to be deleted. Allowed to office staff and to the
    liaison officers of the case's workstation (who checked the citizen's identity, e.g. by the
    tracking code and the phone); refused, with nothing changed, once it is done."""
    petition = Petition.objects.select_for_update(of=("self",)).select_related("workstation").get(pk=petition_id)
    if not user.has_perm(f"petitions.{perms.ERASE_CITIZEN_CONTACT}") or not (
        user.has_perm(f"petitions.{perms.VIEW_ALL_PETITIONS}") or is_liaison_of(user, petition.workstation)
    ):
        raise ActionNotAllowed(_("只有本工作室联络员或办公室工作人员可以删除群众个人信息。"))
    if petition.anonymised_at is not None:
        raise TransitionError(_("该诉求的群众个人信息已经删除。"))
    now = timezone.now()
    _anonymise([petition], actor=user, reason=REASON_REQUEST, now=now)
    petition.refresh_from_db()
    return petition


@in_office_language
def petitions_retention_sweep(
    *, now: datetime.datetime | None = None, batch_size: int = SWEEP_BATCH, max_batches: int = SWEEP_MAX_BATCHES
) -> int:
    """Anonymise the cases closed before the cutoff, oldest first, in batches over
    petition_retention_idx, each batch its own transaction (rows another run holds are skipped).
    Returns how many cases were anonymised. Idempotent."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now)
    done = 0
    for _batch in range(max_batches):
        with transaction.atomic():
            petitions = list(
                Petition.objects.filter(anonymised_at__isnull=True, closed_at__lt=cutoff)
                .order_by("closed_at")
                .select_for_update(skip_locked=True, of=("self",))
                .only("pk")[:batch_size]
            )
            if not petitions:
                break
            _anonymise(petitions, actor=None, reason=REASON_RETENTION, now=now)
        done += len(petitions)
        if len(petitions) < batch_size:
            break
    if done:
        logger.info("retention sweep: %s cases anonymised (closed before %s)", done, cutoff)
    return done
