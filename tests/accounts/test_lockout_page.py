"""Office staff see who is locked out of signing in and unlock them; nobody else may."""

import pytest
from axes.models import AccessAttempt

from accounts.roles import Role
from tests.accounts.signin_helpers import PASSWORD, attempts, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(client):
    """wangfang locked by five wrong passwords from 10.0.0.9; 10.0.0.66 locked by twenty guesses
    at twenty usernames, of which a0 had five (so a0 is locked too)."""
    UserFactory(username="wangfang")
    for _ in range(5):
        sign_in(client, "wangfang", "wrong-password", address="10.0.0.9")
    for n in range(16):
        sign_in(client, f"a{n}", "guess", address="10.0.0.66")
    for _ in range(4):
        sign_in(client, "a0", "guess", address="10.0.0.66")
    client.cookies.clear()
    return attempts()


def test_office_staff_see_the_locked_usernames_and_addresses(client, office_staff, locked):
    client.force_login(office_staff)

    page = client.get("/accounts/lockouts/").content.decode()

    usernames = page.split('id="username-locks"')[1].split("</table>")[0]
    addresses = page.split('id="address-locks"')[1].split("</table>")[0]
    assert usernames.count("<tr>") == 1 + 2
    assert "<td>wangfang</td><td>5</td>" in usernames
    assert "<td>a0</td><td>5</td>" in usernames
    assert "<td>a1</td>" not in usernames  # one guess: not locked by username
    assert addresses.count("<tr>") == 1 + 1
    assert "<td>10.0.0.66</td><td>20</td><td>16</td>" in addresses


def test_office_staff_unlock_a_username_and_it_signs_in_again(client, office_staff, locked):
    client.force_login(office_staff)

    response = client.post("/accounts/lockouts/release/", {"username": "wangfang"}, follow=True)

    page = response.content.decode()
    usernames = page.split('id="username-locks"')[1].split("</table>")[0]
    assert "已解除 wangfang 的登录锁定。" in page
    assert "<td>wangfang</td>" not in usernames
    assert "<td>a0</td><td>5</td>" in usernames
    assert [row for row in attempts() if row[0] == "wangfang"] == []
    client.logout()
    assert sign_in(client, "wangfang", PASSWORD, address="10.0.0.7").status_code == 302


def test_office_staff_unlock_an_address(client, office_staff, locked):
    client.force_login(office_staff)

    client.post("/accounts/lockouts/release/", {"ip_address": "10.0.0.66"})

    assert attempts() == [("wangfang", "10.0.0.9", 5)]
    client.logout()
    assert sign_in(client, "a20", "guess", address="10.0.0.66").status_code == 200


@pytest.mark.parametrize("role", [Role.LIAISON_OFFICER, Role.MEMBER, Role.REVIEWER, Role.DEPARTMENT_HANDLER])
def test_other_roles_may_neither_see_nor_unlock(client, locked, role):
    client.force_login(UserFactory(username="someone", roles=[role]))

    page = client.get("/accounts/lockouts/")
    release = client.post("/accounts/lockouts/release/", {"username": "wangfang"})

    assert page.status_code == 403
    assert release.status_code == 403
    assert attempts() == locked


def test_anonymous_is_sent_to_sign_in_and_nothing_changes(client, locked):
    release = client.post("/accounts/lockouts/release/", {"username": "wangfang"})

    assert release.status_code == 302
    assert release["Location"] == "/accounts/login/?next=/accounts/lockouts/release/"
    assert attempts() == locked


def test_a_release_naming_nothing_changes_nothing(client, office_staff, locked):
    client.force_login(office_staff)

    response = client.post("/accounts/lockouts/release/", {}, follow=True)

    assert "请选择要解除锁定的账号或地址。" in response.content.decode()
    assert attempts() == locked


def test_the_nav_links_to_the_page_for_office_staff_only(client, office_staff, reviewer):
    client.force_login(office_staff)
    assert 'href="/accounts/lockouts/"' in client.get("/accounts/login/").content.decode()
    client.force_login(reviewer)
    assert 'href="/accounts/lockouts/"' not in client.get("/accounts/login/").content.decode()


def test_the_admin_lists_and_deletes_failure_records(client, locked):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    page = client.get("/admin/axes/accessattempt/")

    assert page.status_code == 200
    assert "wangfang" in page.content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_the_page_s_query_count_does_not_grow_with_the_locks(client, office_staff, django_assert_num_queries, count):
    for n in range(count):
        AccessAttempt.objects.create(
            username=f"user{n}",
            ip_address=f"10.1.0.{n}",
            user_agent="test",
            failures_since_start=20,
            get_data="",
            post_data="",
            http_accept="",
            path_info="/accounts/login/",
        )
    client.force_login(office_staff)

    with django_assert_num_queries(7):  # +1: the navbar's unread count
        page = client.get("/accounts/lockouts/")

    assert page.content.decode().count("解除锁定</button>") == 2 * count
