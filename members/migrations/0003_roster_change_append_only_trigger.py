"""On PostgreSQL, the database itself refuses to rewrite or delete a recorded roster change, so the
audit trail holds even against raw SQL from the application role. (SQLite, for local runs, relies
on the model's guards alone.)"""

from django.db import migrations

from common.models import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_rosters_rules_changes_swaps_reminders"),
    ]

    operations = [append_only_trigger("members_rosterchange")]
