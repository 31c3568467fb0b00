"""Every write of the history import: `importing` checks and imports a file (the command, and the
task), `jobs` runs the page's and the API's uploads as queued batches."""

from history.services.importing import (
    CHUNK,
    MAX_REFUSALS_KEPT,
    UPLOAD_MAX_ROWS,
    CheckResult,
    ImportRefused,
    batch_check,
    batch_import,
    figures_mark,
    petitions_insert,
)
from history.services.jobs import batch_cancel, batch_import_valid_rows, batch_run, batch_upload, batches_requeue

__all__ = [
    "CHUNK",
    "MAX_REFUSALS_KEPT",
    "UPLOAD_MAX_ROWS",
    "CheckResult",
    "ImportRefused",
    "batch_cancel",
    "batch_check",
    "batch_import",
    "batch_import_valid_rows",
    "batch_run",
    "batch_upload",
    "batches_requeue",
    "figures_mark",
    "petitions_insert",
]
