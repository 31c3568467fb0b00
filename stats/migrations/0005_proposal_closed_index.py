"""The projects figure reads proposals by the date the member confirmed their result
(closed_at), like 0001's indexes: created here so the proposals app's state stays untouched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0004_daily_figures"),
        ("proposals", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql="CREATE INDEX IF NOT EXISTS stats_proposal_closed_idx ON proposals_proposal (closed_at) "
            "WHERE closed_at IS NOT NULL",
            reverse_sql="DROP INDEX IF EXISTS stats_proposal_closed_idx",
        )
    ]
