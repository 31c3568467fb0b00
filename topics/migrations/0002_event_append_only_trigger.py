"""On PostgreSQL, the database itself refuses to rewrite or delete a topic event: the timeline is
the audit trail of the topic, like the petitions' one."""

from django.db import migrations

from common.models import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [
        ("topics", "0001_topic_models"),
    ]

    operations = [append_only_trigger("topics_topicevent")]
