"""On PostgreSQL the database refuses to rewrite an access-log row, always, and to delete one
unless the transaction-local setting `audit.allow_purge` is 'on' (only the retention purge,
audit.services.access_log_purge, sets it). Nothing on SQLite, which local runs use: there the ORM
refusal of common.models.AppendOnlyModel is the guard."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(current_setting('audit.allow_purge', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_accesslog is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accesslog_append_only BEFORE UPDATE OR DELETE ON audit_accesslog
    FOR EACH ROW EXECUTE FUNCTION audit_accesslog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_accesslog_append_only ON audit_accesslog;
DROP FUNCTION IF EXISTS audit_accesslog_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_access_log")]

    operations = [migrations.RunPython(forwards, backwards)]
