# Contact data at rest, step 2 of 3: every existing petition's name, phone and address become
# Fernet tokens under the first of PII_ENCRYPTION_KEYS, and its phone gets its lookup hash (under
# PII_HASH_KEY). Raw SQL, since the model's field would try to decrypt the plain values it reads.
# Reversible: the tokens are decrypted back and the hashes emptied.

from django.db import migrations

from common.crypto import table_columns_encrypt
from common.phones import phone_lookup_hash

COLUMNS = ("citizen_name", "citizen_phone", "citizen_address")
HASHES = {"citizen_phone_hash": ("citizen_phone", phone_lookup_hash)}


def encrypt(apps, schema_editor):
    table_columns_encrypt(
        connection=schema_editor.connection, table="petitions_petition", columns=COLUMNS, hashes=HASHES
    )


def decrypt(apps, schema_editor):
    table_columns_encrypt(
        connection=schema_editor.connection, table="petitions_petition", columns=COLUMNS, hashes=HASHES, reverse=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0009_contact_encrypted_columns"),
    ]

    operations = [
        migrations.RunPython(encrypt, decrypt, elidable=False),
    ]
