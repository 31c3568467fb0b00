import pytest
from cryptography.fernet import Fernet, InvalidToken

from common import crypto


def test_a_value_round_trips_and_is_not_readable_in_the_token():
    token = crypto.encrypt("13812345678")

    assert crypto.is_token(token)
    assert "13812345678" not in token
    assert crypto.decrypt(token) == "13812345678"


def test_the_empty_string_stays_empty_so_no_contact_constraints_hold():
    assert crypto.encrypt("") == ""
    assert crypto.decrypt("") == ""
    assert crypto.keyed_hash("") == ""


def test_a_rotated_key_reads_old_tokens_and_reencrypt_moves_them_to_the_new_key(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PII_ENCRYPTION_KEYS = [old]
    token = crypto.encrypt("湖南省益阳市西流湾")

    settings.PII_ENCRYPTION_KEYS = [new, old]
    assert crypto.decrypt(token) == "湖南省益阳市西流湾"
    moved = crypto.reencrypt(token)

    settings.PII_ENCRYPTION_KEYS = [new]
    assert crypto.decrypt(moved) == "湖南省益阳市西流湾"
    with pytest.raises(InvalidToken):
        crypto.decrypt(token)


def test_the_keyed_hash_is_stable_and_depends_on_the_key(settings):
    settings.PII_HASH_KEY = "one"
    first = crypto.keyed_hash("13812345678")
    assert first == crypto.keyed_hash("13812345678")
    assert len(first) == 64

    settings.PII_HASH_KEY = "two"
    assert crypto.keyed_hash("13812345678") != first
