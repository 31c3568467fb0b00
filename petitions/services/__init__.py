"""Every write to petitions, one module per stage: intake (citizens and the intake desk), photos,
handling (the four-step workflow; import it as petitions.services.handling)."""

from petitions.services.intake import (
    IdempotencyKeyReused,
    IntakeData,
    IntakeError,
    IntakeResult,
    intake_fingerprint,
    petition_intake_validate,
    petition_rate,
    petition_record_offline,
    petition_submit,
    phone_normalize,
)
from petitions.services.photos import CleanPhoto, photo_clean

__all__ = [
    "CleanPhoto",
    "IdempotencyKeyReused",
    "IntakeData",
    "IntakeError",
    "IntakeResult",
    "intake_fingerprint",
    "petition_intake_validate",
    "petition_rate",
    "petition_record_offline",
    "petition_submit",
    "phone_normalize",
    "photo_clean",
]
