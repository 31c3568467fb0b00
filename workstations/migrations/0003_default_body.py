"""An install from before CPPCC bodies keeps working: one body owns every workstation, and every
reviewer and office staff member works for it (departments and knowledge follow in their apps'
migrations). An empty install gets no body: the administrator creates the first one."""

from django.db import migrations

DEFAULT_NAME = "本级政协"
STAFF_GROUPS = ("审核人员", "办公室工作人员")


def default_body(apps, schema_editor):
    CppccBody = apps.get_model("workstations", "CppccBody")
    Workstation = apps.get_model("workstations", "Workstation")
    BodyMembership = apps.get_model("workstations", "BodyMembership")
    User = apps.get_model("accounts", "User")
    staff = User.objects.filter(groups__name__in=STAFF_GROUPS).distinct()
    if not Workstation.objects.exists() and not staff.exists():
        return
    body = CppccBody.objects.create(name=DEFAULT_NAME, level="city")
    body.path = f"/{body.pk}/"
    body.save(update_fields=["path"])
    Workstation.objects.filter(body__isnull=True).update(body=body)
    BodyMembership.objects.bulk_create([BodyMembership(user=user, body=body) for user in staff])


class Migration(migrations.Migration):
    dependencies = [
        ("workstations", "0002_cppcc_bodies"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(default_body, migrations.RunPython.noop)]
