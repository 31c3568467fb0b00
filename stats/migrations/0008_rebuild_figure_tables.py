"""The period tables of 0006 and 0007 are read for every month BuiltMonth (and day BuiltDay) lists, so the
months built before them must be built again: forgetting which months are built makes the next
sweep (stats.monthly_figures_sweep, every minute) rebuild every table for them; until it has, the
figures are counted live, as they are right. `manage.py build_monthly_figures` does it at once."""

from django.db import migrations


def forget_built(apps, schema_editor):
    apps.get_model("stats", "BuiltMonth").objects.all().delete()
    apps.get_model("stats", "BuiltDay").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0007_figure_blocks"),
    ]

    operations = [migrations.RunPython(forget_built, migrations.RunPython.noop)]
