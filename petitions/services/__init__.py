"""Every write to petitions. Modules by stage; import from here."""

from petitions.services.intake import (
    IntakeData,
    IntakeError,
    IntakeResult,
    petition_intake_validate,
    petition_rate,
    petition_record_offline,
    petition_submit,
    phone_normalize,
)
from petitions.services.photos import CleanPhoto, photo_clean

__all__ = [
    "CleanPhoto",
    "IntakeData",
    "IntakeError",
    "IntakeResult",
    "petition_intake_validate",
    "petition_rate",
    "petition_record_offline",
    "petition_submit",
    "phone_normalize",
    "photo_clean",
]
