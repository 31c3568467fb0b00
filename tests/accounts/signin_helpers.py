"""Signing in the way a browser does: a POST to the sign-in page (or the admin's) from an address."""

import datetime

from axes.models import AccessAttempt

PASSWORD = "pass-word-123"  # tests.factories.UserFactory's password
LOCKED = "登录失败次数过多，该账号或当前网络地址已被锁定 30 分钟。请稍后再试，或联系办公室工作人员解除锁定。"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
T0 = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)


def sign_in(client, username, password, *, path="/accounts/login/", address="10.0.0.9", **extra):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def attempts():
    return sorted(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start"))
