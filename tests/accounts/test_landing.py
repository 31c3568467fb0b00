"""After signing in, each role lands on its own page (issue 14); a safe ?next= always wins."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from tests import factories
from tests.accounts.signin_helpers import PASSWORD, sign_in
from tests.totp import totp_code

pytestmark = pytest.mark.django_db


def _user_with(role: Role):
    user = factories.UserFactory(username=f"u-{role.value}", roles=[role])
    if role is Role.MEMBER:
        factories.MemberFactory(user=user)
    if role is Role.LIAISON_OFFICER:
        factories.WorkstationFactory(liaison_officers=[user])
    if role is Role.DEPARTMENT_HANDLER:
        factories.DepartmentFactory(handlers=[user])
    return user


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.MEMBER, "/inbox/"),
        (Role.LIAISON_OFFICER, "/inbox/?view=unassigned"),
        (Role.REVIEWER, "/review/"),
        (Role.DEPARTMENT_HANDLER, "/dept/"),
        (Role.OFFICE_STAFF, "/dashboard/"),
    ],
)
def test_signing_in_lands_on_the_roles_own_page(client, role, landing):
    # given: a person holding one role
    user = _user_with(role)

    # when: they sign in from the plain sign-in page (no ?next=)
    response = sign_in(client, user.username, PASSWORD)

    # then: they are sent to their role's page, and it opens for them
    assert (response.status_code, response["Location"]) == (302, landing)
    assert client.get(landing).status_code == 200


def test_a_member_who_is_also_liaison_officer_lands_on_the_workstation_queue(client):
    # given: a member who also looks after a workstation
    user = factories.UserFactory(username="both", roles=[Role.MEMBER, Role.LIAISON_OFFICER])
    factories.MemberFactory(user=user)

    # when: they sign in
    response = sign_in(client, "both", PASSWORD)

    # then: the workstation's queue, where the liaison work waits
    assert response["Location"] == "/inbox/?view=unassigned"


def test_a_user_without_a_role_lands_on_the_home_page(client):
    factories.UserFactory(username="nobody")

    response = sign_in(client, "nobody", PASSWORD)

    assert response["Location"] == "/"


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OFFICE_STAFF])
def test_a_safe_next_wins_over_the_roles_page(client, role):
    # given: a person who was sent to sign in from a case page
    user = _user_with(role)

    # when: they sign in with ?next=/cases/7/
    response = sign_in(client, user.username, PASSWORD, path="/accounts/login/?next=/cases/7/")

    # then: they go back to that page
    assert response["Location"] == "/cases/7/"


def test_an_unsafe_next_is_ignored_for_the_roles_page(client):
    user = _user_with(Role.REVIEWER)

    response = sign_in(client, user.username, PASSWORD, path="/accounts/login/?next=https://evil.example/")

    assert response["Location"] == "/review/"


@pytest.mark.parametrize(("role", "landing"), [(Role.OFFICE_STAFF, "/dashboard/"), (Role.REVIEWER, "/review/")])
def test_after_the_second_factor_staff_land_on_their_roles_page(client, settings, role, landing):
    # given: staff who must use a second factor, enrolled, past the password step
    settings.STAFF_2FA_REQUIRED = True
    user = _user_with(role)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    first = sign_in(client, user.username, PASSWORD)
    sent_to = client.get(first["Location"])

    # when: they enter the code on the verify page (with and without the ?next= it was given)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": totp_code(device.bin_key)})

    # then: the role's page, both as the place the password step pointed to and after the code
    assert first["Location"] == landing
    assert sent_to["Location"] == "/accounts/2fa/verify/?next=" + landing.replace("/", "%2F")
    assert (response.status_code, response["Location"]) == (302, landing)
    assert client.get(landing).status_code == 200
