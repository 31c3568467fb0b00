# Every department's webhook secret becomes a Fernet token under the first of PII_ENCRYPTION_KEYS
# (raw SQL: the model's field would try to decrypt the plain values it reads). Reversible.

from django.db import migrations

from common.crypto import table_columns_encrypt


def encrypt(apps, schema_editor):
    table_columns_encrypt(
        connection=schema_editor.connection, table="departments_department", columns=["webhook_secret"]
    )


def decrypt(apps, schema_editor):
    table_columns_encrypt(
        connection=schema_editor.connection, table="departments_department", columns=["webhook_secret"], reverse=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0003_webhook_secret_encrypted_column"),
    ]

    operations = [
        migrations.RunPython(encrypt, decrypt, elidable=False),
    ]
