"""Track 4's proposal on the imported row, where the figures can read it; rows imported before
this migration get it back from their IMPORTED event's data."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    ImportedRow = apps.get_model("history", "ImportedRow")
    PetitionEvent = apps.get_model("petitions", "PetitionEvent")
    events = PetitionEvent.objects.filter(type="imported", data__has_key="proposal_title")
    for petition_id, data in events.values_list("petition_id", "data").iterator():
        ImportedRow.objects.filter(petition_id=petition_id).update(
            proposal_title=str(data.get("proposal_title", ""))[:200],
            livelihood_project=bool(data.get("livelihood_project")),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0003_import_batch_status_running"),
    ]

    operations = [
        migrations.AddField(
            model_name="importedrow",
            name="livelihood_project",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="importedrow",
            name="proposal_title",
            field=models.CharField(blank=True, default="", max_length=200),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
