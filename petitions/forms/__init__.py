"""Petition forms, one module per audience: public (citizens and the intake desk) and staff (casework)."""

from petitions.forms.public import (
    PHOTO_ACCEPT,
    ActiveCategoryField,
    MultipleFileField,
    MultipleFileInput,
    OfflinePetitionForm,
    PetitionForm,
    RatingForm,
    TrackLookupForm,
    new_idempotency_key,
)
from petitions.forms.staff import (
    AssignForm,
    CloseForm,
    ConsultForm,
    EmptyForm,
    InboxFilterForm,
    MergeForm,
    NoteForm,
    OptionalReasonForm,
    ReasonForm,
    ReplyForm,
    TriageForm,
)

__all__ = [
    "PHOTO_ACCEPT",
    "ActiveCategoryField",
    "AssignForm",
    "CloseForm",
    "ConsultForm",
    "EmptyForm",
    "InboxFilterForm",
    "MergeForm",
    "MultipleFileField",
    "MultipleFileInput",
    "NoteForm",
    "OfflinePetitionForm",
    "OptionalReasonForm",
    "PetitionForm",
    "RatingForm",
    "ReasonForm",
    "ReplyForm",
    "TrackLookupForm",
    "TriageForm",
    "new_idempotency_key",
]
