"""The in-app notification list, the navbar's unread count for every staff role, and the profile
page where the channel and the quiet hours are chosen."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import StaffNotification
from accounts.roles import Role
from accounts.services import staff_notify
from tests import factories


def _rows(user, n, **kwargs):
    return [
        StaffNotification.objects.create(user=user, subject=f"通知{i}", body="正文", link=f"/cases/{i}/", **kwargs)
        for i in range(n)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.MEMBER, Role.LIAISON_OFFICER, Role.REVIEWER, Role.DEPARTMENT_HANDLER, Role.OFFICE_STAFF]
)
def test_every_staff_role_sees_the_unread_count_in_the_navbar(client, role):
    user = factories.UserFactory(roles=[role])
    _rows(user, 3)
    StaffNotification.objects.filter(subject="通知0").update(read_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    client.force_login(user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert '<span class="badge rounded-pill bg-danger" id="nav-unread-count">2</span>' in page


@pytest.mark.django_db
def test_no_badge_without_unread_and_none_for_anonymous_visitors(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        page = client.get(reverse("petitions:track")).content.decode()
    assert "nav-notifications" not in page
    user = factories.UserFactory(roles=[Role.MEMBER])
    client.force_login(user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "nav-unread-count" not in page
    assert "还没有通知。" in page


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 20])
def test_list_newest_first_in_a_fixed_number_of_queries(client, rows, django_assert_num_queries):
    user = factories.UserFactory(roles=[Role.MEMBER])
    made = _rows(user, rows)
    _rows(factories.UserFactory(), 2)  # someone else's: never shown
    client.force_login(user)
    client.get(reverse("notifications:list"))  # warm the session
    # session, user, its permissions (2, the navbar), the page's count and rows; the unread count
    # is cached since the first visit
    with django_assert_num_queries(6):
        page = client.get(reverse("notifications:list")).content.decode()
    assert page.count('class="list-group-item notification-item') == rows
    assert page.index(made[-1].subject + "<") < page.index(made[0].subject + "<")
    assert f'id="nav-unread-count">{rows}<' in page


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/inbox/", "/accounts/profile/", "/my/duties/"])
def test_the_navbar_count_costs_one_query_then_none_until_it_changes(client, member, path):
    _rows(member.user, 5)
    client.force_login(member.user)

    def unread_queries():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(path).content.decode()
        return [q for q in queries if "accounts_staffnotification" in q["sql"]], page

    # the first page counts (one indexed query), the next ones read the cache
    first, page = unread_queries()
    assert len(first) == 1
    assert first[0]["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "accounts_staffnotification"')
    assert 'id="nav-unread-count">5<' in page
    again, page = unread_queries()
    assert again == []
    assert 'id="nav-unread-count">5<' in page
    # a new notification shows at once, and so does reading one
    staff_notify(user=member.user, subject="新诉求待办理", body="x", link="/cases/1/")
    assert 'id="nav-unread-count">6<' in unread_queries()[1]
    client.post(reverse("notifications:read_all"))
    assert "nav-unread-count" not in unread_queries()[1]


@pytest.mark.django_db
def test_opening_a_notification_marks_it_read_and_goes_to_its_case(client):
    user = factories.UserFactory(roles=[Role.MEMBER])
    first, second = _rows(user, 2)
    client.force_login(user)
    response = client.post(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/cases/0/"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


@pytest.mark.django_db
def test_someone_elses_notification_is_not_found(client):
    user = factories.UserFactory(roles=[Role.MEMBER])
    (theirs,) = _rows(factories.UserFactory(), 1)
    client.force_login(user)
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_an_outside_link_is_never_followed(client):
    user = factories.UserFactory(roles=[Role.MEMBER])
    row = StaffNotification.objects.create(user=user, subject="x", link="//evil.example/")
    client.force_login(user)
    response = client.post(reverse("notifications:open", args=[row.pk]))
    assert response["Location"] == reverse("notifications:list")


@pytest.mark.django_db
def test_mark_all_read(client):
    user = factories.UserFactory(roles=[Role.MEMBER])
    _rows(user, 3)
    (other,) = _rows(factories.UserFactory(), 1)
    client.force_login(user)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "已将 3 条通知标为已读。" in response.content.decode()
    assert StaffNotification.objects.unread().filter(user=user).count() == 0
    other.refresh_from_db()
    assert other.read_at is None


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_profile_saves_channel_and_quiet_hours(client):
    user = factories.UserFactory(roles=[Role.MEMBER])
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "通知方式" in page
    assert "免打扰开始" in page
    response = client.post(
        reverse("accounts:profile"),
        {"contact_channel": "sms", "phone": "139 1234 5678", "email": "", "quiet_start": "21:30", "quiet_end": "08:00"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.contact_channel, user.phone, user.quiet_start, user.quiet_end) == (
        "sms",
        "13912345678",
        datetime.time(21, 30),
        datetime.time(8, 0),
    )


@pytest.mark.django_db
def test_profile_refuses_sms_without_a_phone_and_saves_nothing(client):
    user = factories.UserFactory(roles=[Role.MEMBER], email="m@example.org")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"contact_channel": "sms", "phone": "", "email": "m@example.org", "quiet_start": "22:00", "quiet_end": "07:30"},
    )
    assert response.status_code == 200
    assert "选择短信通知时，请填写手机号。" in response.content.decode()
    user.refresh_from_db()
    assert user.contact_channel == ""


def test_the_model_defaults_are_sms_when_possible_and_22_to_0730():
    from accounts.models import User

    assert User._meta.get_field("contact_channel").default == ""
    assert User._meta.get_field("quiet_start").default == datetime.time(22, 0)
    assert User._meta.get_field("quiet_end").default == datetime.time(7, 30)
