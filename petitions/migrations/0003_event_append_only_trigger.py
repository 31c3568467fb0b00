"""On PostgreSQL, the database itself refuses to rewrite or delete a petition event: the timeline is
the audit trail, and it must hold against raw SQL from the application role too."""

from django.db import migrations

from common.models import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0002_intake"),
    ]

    operations = [append_only_trigger("petitions_petitionevent")]
