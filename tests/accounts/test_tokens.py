"""API tokens for other systems: issued once by office staff, stored as a digest, refused when
expired, revoked or its user deactivated, read-only when asked, and under the sign-in lockout."""

import datetime
import hashlib

import pytest
from axes.models import AccessAttempt
from django.db import connection

from accounts import services
from accounts.models import ApiToken
from accounts.roles import Role
from tests.accounts.signin_helpers import LOCKED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/accounts/tokens/"
API = "/api/v1/stats/summary/"


def _issue(actor, user, **kwargs):
    kwargs.setdefault("client_name", "省信访系统")
    kwargs.setdefault("days", 365)
    return services.api_token_issue(actor=actor, user=user, **kwargs)


def _call(client, token, *, method="get", address="10.0.0.9", **extra):
    return getattr(client, method)(API, HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=address, **extra)


def _error(response):
    return response.status_code, response.json()


# --- issuing on the page ----------------------------------------------------------------------


def test_office_staff_issue_a_token_shown_once_and_only_its_digest_is_stored(client, office_staff, time_machine):
    # given office staff on the token page
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
    client.force_login(office_staff)
    system = UserFactory(username="province", roles=[Role.OFFICE_STAFF])

    # when they issue a read-only token for the province's system
    response = client.post(PAGE, {"client_name": "省政务服务平台", "user": system.pk, "days": 30, "read_only": "on"})

    # then the page shows the token this once
    page = response.content.decode()
    assert response.status_code == 200
    token = page.split('id="issued-token-value">')[1].split("</code>")[0]
    assert token.startswith("wst_")
    row = ApiToken.objects.get()
    assert (row.client_name, row.user, row.read_only, row.created_by) == ("省政务服务平台", system, True, office_staff)
    assert (row.created_at, row.expires_at) == (
        datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 31, 9, 0, tzinfo=datetime.UTC),
    )
    # and the row holds the digest and the public prefix, never the token
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token.split("_")[1] == row.prefix
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        stored = " ".join(str(value) for value in cursor.fetchone())
    assert token not in stored
    assert token.split("_")[2] not in stored
    # and the page never shows it again
    again = client.get(PAGE).content.decode()
    assert token not in again
    assert "<td>省政务服务平台</td>" in again
    # and the token works for its user
    assert _call(client.__class__(), token).status_code == 200


def test_a_lifetime_beyond_the_maximum_is_refused_and_nothing_is_issued(client, office_staff, settings):
    settings.API_TOKEN_MAX_DAYS = 90
    client.force_login(office_staff)

    response = client.post(PAGE, {"client_name": "省信访系统", "user": office_staff.pk, "days": 91})

    assert response.status_code == 400
    assert "确保该值小于或等于90。" in response.content.decode()
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize("role", [Role.LIAISON_OFFICER, Role.MEMBER, Role.REVIEWER, Role.DEPARTMENT_HANDLER, None])
def test_only_office_staff_may_issue_or_revoke(client, office_staff, role):
    # given a token, and someone who is not office staff
    issued = _issue(office_staff, office_staff)
    other = UserFactory(username="other", roles=[role] if role else [])
    client.force_login(other)

    # when they open the page, issue and revoke
    page = client.get(PAGE)
    issue = client.post(PAGE, {"client_name": "冒名系统", "user": other.pk, "days": 30})
    revoke = client.post(f"/accounts/tokens/{issued.api_token.pk}/revoke/")

    # then each is 403 and nothing changed
    assert (page.status_code, issue.status_code, revoke.status_code) == (403, 403, 403)
    assert list(ApiToken.objects.values_list("client_name", "revoked_at")) == [("省信访系统", None)]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(PAGE)["Location"] == "/accounts/login/?next=/accounts/tokens/"


def test_the_service_refuses_a_non_manager_and_issues_nothing(reviewer):
    with pytest.raises(services.PermissionDenied):
        _issue(reviewer, reviewer)
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize("count", [2, 20])
def test_the_token_page_costs_the_same_queries_for_2_and_20_tokens(
    client, office_staff, count, django_assert_num_queries
):
    for n in range(count):
        _issue(office_staff, UserFactory(username=f"system{n}"), client_name=f"系统{n}")
    client.force_login(office_staff)
    client.get(PAGE)  # the session and the permissions cached, as on any second visit

    # session, user, the user's permissions (two), the tokens with their users and issuers, the
    # form's users
    with django_assert_num_queries(6):
        response = client.get(PAGE)

    assert response.content.decode().count("<tr>") == 1 + count


# --- revoking -------------------------------------------------------------------------------


def test_a_revoked_token_is_refused_at_once_with_the_error_body(client, office_staff):
    issued = _issue(office_staff, office_staff)
    assert _call(client, issued.token).status_code == 200
    client.force_login(office_staff)

    page = client.post(f"/accounts/tokens/{issued.api_token.pk}/revoke/", follow=True)
    client.logout()

    assert "令牌已吊销，使用它的系统将立即无法访问。" in page.content.decode()
    assert _error(_call(client, issued.token)) == (
        401,
        {"code": "token_revoked", "detail": "令牌已被吊销。", "fields": {}},
    )


def test_the_admin_lists_tokens_without_their_value_or_digest(client, office_staff):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    issued = _issue(office_staff, office_staff)
    client.force_login(admin)

    listing = client.get("/admin/accounts/apitoken/").content.decode()
    detail = client.get(f"/admin/accounts/apitoken/{issued.api_token.pk}/change/").content.decode()

    assert "省信访系统" in listing
    for page in (listing, detail):
        assert issued.token not in page
        assert issued.api_token.digest not in page
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403


def test_the_admin_revokes_tokens(client, office_staff):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    issued = _issue(office_staff, office_staff)
    client.force_login(admin)

    client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [issued.api_token.pk]},
    )

    assert ApiToken.objects.get().revoked_at is not None


# --- using a token --------------------------------------------------------------------------


def test_a_token_works_without_a_session_and_records_its_last_use(client, office_staff, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
    issued = _issue(office_staff, office_staff)

    response = _call(client, issued.token)

    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    row = ApiToken.objects.get()
    assert row.last_used_at == datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def test_an_expired_token_is_refused(client, office_staff, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
    issued = _issue(office_staff, office_staff, days=1)
    time_machine.move_to(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC), tick=False)

    assert _error(_call(client, issued.token)) == (
        401,
        {"code": "token_expired", "detail": "令牌已过期。", "fields": {}},
    )
    assert ApiToken.objects.get().last_used_at is None


def test_a_deactivated_users_tokens_stop_at_once(client, office_staff):
    system = UserFactory(username="province", roles=[Role.OFFICE_STAFF])
    issued = _issue(office_staff, system)
    assert _call(client, issued.token).status_code == 200

    services.user_deactivate(user=system)

    assert _error(_call(client, issued.token)) == (
        401,
        {"code": "user_inactive", "detail": "该账号已停用。", "fields": {}},
    )


@pytest.mark.parametrize("header", ["Bearer wst_00000000_nope", "Bearer not-a-token", "Bearer a b", "Bearer"])
def test_a_bad_token_is_401_with_the_error_body(client, header):
    response = client.get(API, HTTP_AUTHORIZATION=header, REMOTE_ADDR="10.0.0.9")

    assert _error(response) == (401, {"code": "token_invalid", "detail": "令牌无效。", "fields": {}})
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_the_error_body_follows_the_requests_language(client):
    response = client.get(API, HTTP_AUTHORIZATION="Bearer wst_00000000_nope", HTTP_ACCEPT_LANGUAGE="en")

    assert _error(response) == (401, {"code": "token_invalid", "detail": "Invalid token.", "fields": {}})


def test_a_read_only_token_may_read_but_not_write(client, office_staff):
    read_only = _issue(office_staff, office_staff, read_only=True)
    writable = _issue(office_staff, office_staff, client_name="区政务系统")

    assert _call(client, read_only.token).status_code == 200
    refused = _call(client, read_only.token, method="post")
    # (the writable token gets past authentication, to the endpoint that only answers GET)
    allowed = _call(client, writable.token, method="post")

    assert _error(refused) == (
        403,
        {"code": "token_read_only", "detail": "该令牌为只读令牌，不能进行修改操作。", "fields": {}},
    )
    assert allowed.status_code == 405


def test_a_token_user_who_lacks_the_permission_is_403(client, office_staff):
    liaison = UserFactory(username="liaison", roles=[Role.LIAISON_OFFICER])
    issued = _issue(office_staff, liaison)

    response = _call(client, issued.token)

    assert response.status_code == 403
    assert set(response.json()) == {"code", "detail", "fields"}


def test_a_token_is_not_blocked_by_the_second_factor_policy(client, office_staff, settings):
    # given office staff must sign in with a second factor, and their system holds a token
    settings.STAFF_2FA_REQUIRED = True
    issued = _issue(office_staff, office_staff)

    # when the system calls the API with the token alone, and a browser with a password-only session
    by_token = _call(client, issued.token)
    client.force_login(office_staff)
    by_session = client.get(API)

    # then the token works, and the unverified session is still refused
    assert by_token.status_code == 200
    assert _error(by_session) == (
        403,
        {"code": "second_factor_required", "detail": "请先完成双因素认证。", "fields": {}},
    )


def test_the_browser_session_keeps_working(client, office_staff):
    client.force_login(office_staff)

    assert client.get(API).status_code == 200


# --- the lockout ----------------------------------------------------------------------------


def test_bad_tokens_lock_the_address_and_then_the_right_token_is_refused(client, office_staff):
    # given a valid token, and an address that sends wrong ones
    issued = _issue(office_staff, office_staff)
    for _ in range(20):
        assert _call(client, "wst_00000000_guess", address="10.0.0.66").status_code in (401, 429)

    # then each counted as a failed sign-in for the address, under the prefix tried (never under
    # the name of a user)
    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == [
        ("api-token:00000000", "10.0.0.66", 20)
    ]
    # and the right token from that address is refused while it is locked
    locked = _call(client, issued.token, address="10.0.0.66")
    assert _error(locked) == (429, {"code": "signin_locked", "detail": LOCKED, "fields": {}})
    assert ApiToken.objects.get().last_used_at is None
    # while another address still gets in
    assert _call(client, issued.token, address="10.0.0.9").status_code == 200


def test_a_locked_user_is_refused_by_token_too(client, office_staff):
    # given office staff locked out by five wrong passwords
    issued = _issue(office_staff, office_staff)
    for _ in range(5):
        client.post("/accounts/login/", {"username": "office", "password": "wrong"}, REMOTE_ADDR="10.0.0.5")

    # when their system uses its token from elsewhere
    response = _call(client, issued.token, address="10.0.0.9")

    # then it is refused the same way
    assert _error(response) == (429, {"code": "signin_locked", "detail": LOCKED, "fields": {}})


def test_a_client_name_with_a_bidirectional_override_is_refused_and_nothing_is_issued(client, office_staff):
    client.force_login(office_staff)

    response = client.post(PAGE, {"client_name": "省信访\u202e系统", "user": office_staff.pk, "days": 30})

    assert response.status_code == 400
    assert "“接入系统名称”" in response.content.decode()
    assert ApiToken.objects.count() == 0
