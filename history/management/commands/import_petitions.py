import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from history.services import ImportRefused, batch_check, batch_import
from history.spreadsheet import SpreadsheetError

STAGES = {"check": "checked", "import": "imported"}


class Command(BaseCommand):
    help = (
        "Import petitions from an earlier system's spreadsheet (the template from /history/import/). "
        "Every row is checked first; a file with refused rows imports nothing unless --valid-only. "
        "Rows imported before (same original number, or same workstation, date and content) are skipped. "
        "On a terminal a progress line shows rows done of total and rows per second."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--valid-only", action="store_true", help="import the valid rows of a file with errors")
        parser.add_argument("--dry-run", action="store_true", help="check and report only; save nothing")

    def _line(self, stage: str, done: int, total: int) -> str:
        elapsed = max(time.monotonic() - self._started, 1e-6)
        percent = 100 * done // total if total else 100
        return f"{STAGES[stage]} {done}/{total} rows ({percent}%), {done / elapsed:,.0f} rows/s, {elapsed:.0f} s"

    def _progress(self, stage: str, done: int, total: int) -> None:
        # A terminal gets one line rewritten in place; a log or a pipe only each stage's last line.
        if self._tty:
            self.stdout.write(f"\r{self._line(stage, done, total)}\033[K", ending="")
            self.stdout.flush()
        self._last = (stage, done, total)

    def _stage_end(self) -> None:
        if self._last is None:
            return
        if self._tty:
            self.stdout.write("")
        else:
            self.stdout.write(self._line(*self._last))
        self._last = None

    def handle(self, *args, file: Path, valid_only: bool, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        self._tty = self.stdout.isatty()
        self._last = None
        self._started = began = time.monotonic()
        try:
            check = batch_check(data=data, file_name=file.name, valid_only=valid_only, progress=self._progress)
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from None
        self._stage_end()
        batch = check.batch
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
        except KeyboardInterrupt:
            self._stage_end()
            raise CommandError("interrupted: the rows imported so far were deleted, nothing saved") from None
        self._stage_end()
        elapsed = time.monotonic() - began
        rate = batch.total_rows / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"batch {batch.pk}: imported {batch.imported_rows} rows, {batch.refused_rows} refused, "
                f"{batch.already_rows} already imported; {batch.total_rows} rows in {elapsed:.1f} s "
                f"({rate:,.0f} rows/s)"
            )
        )
