"""Who may import history: office staff (accounts.roles grants it), never anyone else."""

IMPORT_HISTORY = "import_history"

PERMISSIONS = [
    (IMPORT_HISTORY, "Can import petitions from an earlier system's spreadsheet"),
]

IMPORT_HISTORY_PERM = f"history.{IMPORT_HISTORY}"


def can_import_history(user) -> bool:
    return bool(user.is_authenticated and user.has_perm(IMPORT_HISTORY_PERM))
