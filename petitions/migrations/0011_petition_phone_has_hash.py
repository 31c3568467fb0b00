# Contact data at rest, step 3 of 3: from now on a phone is never stored without its lookup hash.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0010_contact_encrypt_rows"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='petition',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('citizen_phone', ''), ('citizen_phone_hash', '')), models.Q(models.Q(('citizen_phone', ''), _negated=True), models.Q(('citizen_phone_hash', ''), _negated=True)), _connector='OR'), name='petition_phone_has_hash'),
        ),
    ]
