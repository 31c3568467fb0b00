"""On PostgreSQL, the database itself refuses to rewrite or delete a recorded roster change, so the
audit trail holds even against raw SQL from the application role. (SQLite, for local runs, relies
on the model's guards alone.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION members_rosterchange_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'members_rosterchange is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER members_rosterchange_append_only
    BEFORE UPDATE OR DELETE ON members_rosterchange
    FOR EACH ROW EXECUTE FUNCTION members_rosterchange_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS members_rosterchange_append_only ON members_rosterchange;
DROP FUNCTION IF EXISTS members_rosterchange_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_rosters_rules_changes_swaps_reminders"),
    ]

    operations = [migrations.RunPython(create, drop)]
