from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format) and the media folder, with a manifest of counts and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default="backups", help="folder that receives the backup's folder (default: backups)"
        )

    def handle(self, *args, output, **options):
        try:
            target = backup_create(output_dir=Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written: {target}"))
