from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder into the configured database, which must be empty (DATABASE_URL of a new "
        "database), and an empty media folder; then compare every table's count and the dashboard's figures "
        "with the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="the backup's folder (backups/gzs-…)")

    def handle(self, *args, source, **options):
        try:
            result = backup_restore(source=Path(source))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored into {settings.DATABASES['default']['NAME']}: {result['tables']} tables, "
                f"{result['rows']} rows, {result['media_files']} media files; counts and "
                f"{result['figures']} dashboard figure groups equal the backup's."
            )
        )
