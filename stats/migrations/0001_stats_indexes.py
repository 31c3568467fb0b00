"""Indexes the statistics read from other apps' tables.

Created with RunSQL so that they live in this app and leave the other apps' migration state
untouched (no AddIndex on a model this app does not own). Each supports one period filter of a
figure in stats/selectors: replied_at (handled), closed_at (solved), rated_at (satisfaction),
submitted_at (track-4 handled), reported_at (projects, departments) and the consultations'
and assignments' due dates (departments' on-time rate)."""

from django.db import migrations

INDEXES = [
    ("stats_petition_replied_idx", "petitions_petition", "(replied_at)", "WHERE replied_at IS NOT NULL"),
    ("stats_petition_closed_idx", "petitions_petition", "(closed_at)", "WHERE closed_at IS NOT NULL"),
    ("stats_petition_rated_idx", "petitions_petition", "(rated_at)", "WHERE rated_at IS NOT NULL"),
    ("stats_proposal_submitted_idx", "proposals_proposal", "(submitted_at)", "WHERE submitted_at IS NOT NULL"),
    ("stats_assignment_reported_idx", "proposals_proposalassignment", "(reported_at)", "WHERE reported_at IS NOT NULL"),
    ("stats_assignment_due_idx", "proposals_proposalassignment", "(due_date)", ""),
    ("stats_consultation_due_idx", "petitions_consultation", "(due_date)", ""),
]


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0001_initial"),
        ("proposals", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns} {where}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, columns, where in INDEXES
    ]
