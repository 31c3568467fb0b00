from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from common.crypto import InvalidToken, model_reencrypt


class Command(BaseCommand):
    help = (
        "Move every encrypted value (citizens' contact data, webhook secrets) to the first of "
        "PII_ENCRYPTION_KEYS and recompute the lookup hashes under PII_HASH_KEY. Batched and "
        "idempotent: a rerun writes nothing. Run after putting a new key first; drop the old key "
        "only once this has finished."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        for model in apps.get_models():
            try:
                report = model_reencrypt(model, batch_size=batch_size)
            except InvalidToken as error:
                raise CommandError(
                    f"{model._meta.label}: a stored value opens under none of PII_ENCRYPTION_KEYS; "
                    "put the key it was written with back in the list and run again."
                ) from error
            if report is not None:
                self.stdout.write(
                    f"{report.label}: {report.rows} rows, {report.reencrypted} re-encrypted, {report.rehashed} rehashed"
                )
        self.stdout.write(self.style.SUCCESS("Done."))
