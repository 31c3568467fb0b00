"""How a staff user is reached (accounts.selectors.staff_contact): the one rule of every message to
staff. Also run on SQLite (tests/sqlite/)."""

import pytest

from accounts.selectors import Contact, staff_contact
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("email", "phone", "fallback", "prefer", "expected"),
    [
        ("li@example.gov.cn", "13800000001", "", "email", Contact("email", "li@example.gov.cn")),
        ("li@example.gov.cn", "13800000001", "", "sms", Contact("sms", "13800000001")),
        ("", "13800000001", "", "email", Contact("sms", "13800000001")),
        ("li@example.gov.cn", "", "", "sms", Contact("email", "li@example.gov.cn")),
        ("", "", "13900000002", "email", Contact("sms", "13900000002")),
        ("", "13800000001", "13900000002", "sms", Contact("sms", "13800000001")),
        ("", "", "", "sms", None),
    ],
)
def test_the_preferred_channel_then_the_other(email, phone, fallback, prefer, expected):
    # given a staff user with these addresses
    user = factories.UserFactory(email=email, phone=phone)

    # then the preferred channel is used when it has an address, else the other one
    assert staff_contact(user, prefer=prefer, phone=fallback) == expected


def test_the_users_own_choice_wins_over_the_callers():
    # given a user who chose SMS (the field accounts.User will get)
    user = factories.UserFactory(email="li@example.gov.cn", phone="13800000001")
    user.contact_channel = "sms"

    # then a caller preferring e-mail still reaches them by SMS
    assert staff_contact(user, prefer="email") == Contact("sms", "13800000001")


def test_an_inactive_or_missing_user_is_not_contacted():
    user = factories.UserFactory(email="li@example.gov.cn", is_active=False)
    assert staff_contact(user) is None
    assert staff_contact(None) is None
