import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from history.services import ImportRefused, batch_check, batch_import
from history.spreadsheet import SpreadsheetError


class Command(BaseCommand):
    help = (
        "Import petitions from an earlier system's spreadsheet (the template from /history/import/). "
        "Every row is checked first; a file with refused rows imports nothing unless --valid-only. "
        "Rows imported before (same original number, or same workstation, date and content) are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--valid-only", action="store_true", help="import the valid rows of a file with errors")
        parser.add_argument("--dry-run", action="store_true", help="check and report only; save nothing")

    def _progress(self, stage, done, total):
        elapsed = max(time.monotonic() - self._started, 1e-6)
        label = {"check": "checked", "import": "imported"}[stage]
        self.stdout.write(f"\r{label} {done}/{total} rows, {done / elapsed:,.0f} rows/s", ending="")
        self.stdout.flush()

    def handle(self, *args, file: Path, valid_only: bool, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        self._started = time.monotonic()
        try:
            check = batch_check(data=data, file_name=file.name, valid_only=valid_only, progress=self._progress)
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from None
        batch = check.batch
        self.stdout.write("")
        for number, column, reason in batch.refusals:
            self.stdout.write(f"row {number} [{column}]: {reason}")
        if batch.refused_rows > len(batch.refusals):
            self.stdout.write(f"… and {batch.refused_rows - len(batch.refusals)} more refused rows")
        self.stdout.write(
            f"{batch.total_rows} rows: {batch.valid_rows} to import, {batch.refused_rows} refused, "
            f"{batch.already_rows} already imported"
        )
        if dry_run:
            batch.delete()
            self.stdout.write("dry run: nothing saved")
            return
        self._started = time.monotonic()
        try:
            batch = batch_import(check=check, progress=self._progress)
        except ImportRefused as exc:
            batch.delete()
            raise CommandError(str(exc)) from None
        elapsed = time.monotonic() - self._started
        self.stdout.write("")
        rate = batch.imported_rows / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"batch {batch.pk}: imported {batch.imported_rows} rows in {elapsed:.1f} s ({rate:,.0f} rows/s)"
            )
        )
