"""Passwords are hashed with Argon2; older PBKDF2 hashes are upgraded at the next sign-in."""

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.models import User
from config.settings import base
from tests.accounts.signin_helpers import PASSWORD, sign_in, signed_in_user_id
from tests.factories import UserFactory

ARGON2_FIRST = ["django.contrib.auth.hashers.Argon2PasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def test_every_environment_hashes_with_argon2_first_and_still_reads_pbkdf2():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in base.PASSWORD_HASHERS


@pytest.mark.django_db
def test_a_pbkdf2_hash_is_upgraded_to_argon2_at_the_next_sign_in(client, settings):
    settings.PASSWORD_HASHERS = ARGON2_FIRST
    user = UserFactory(username="wangfang")
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))

    response = sign_in(client, "wangfang", PASSWORD)

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)
    client.logout()
    assert sign_in(client, "wangfang", PASSWORD).status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_a_wrong_password_does_not_upgrade_the_hash(client, settings):
    settings.PASSWORD_HASHERS = ARGON2_FIRST
    user = UserFactory(username="wangfang")
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    User.objects.filter(pk=user.pk).update(password=old)

    sign_in(client, "wangfang", "wrong-password")

    user.refresh_from_db()
    assert user.password == old


@pytest.mark.django_db
def test_a_new_password_is_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ARGON2_FIRST
    user = UserFactory(username="wangfang")

    user.set_password("another-pass-word-456")

    assert user.password.startswith("argon2$argon2id$")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("password123", "password_too_common"),
        ("20261201", "password_entirely_numeric"),
        ("wangfang1", "password_too_similar"),
    ],
)
def test_weak_passwords_are_refused(password, code):
    user = UserFactory(username="wangfang", full_name="")

    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)

    assert code in [error.code for error in refused.value.error_list]
