"""A department's webhook secret is write-only in the admin: made by the application, shown once on
the page that answers its creation or rotation, never listed, edited, filtered on or logged."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.roles import Role
from departments.choices import DeliveryChannel
from departments.models import Department
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "bureau-secret-Zq81xWv"
START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
CHANGELIST = reverse("admin:departments_department_changelist")


@pytest.fixture
def bureau(db):
    return factories.DepartmentFactory(
        name="城管局",
        channel=DeliveryChannel.WEBHOOK,
        webhook_url="https://cgj.example.gov.cn/hook",
        webhook_secret=SECRET,
    )


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_staff=True, is_superuser=True)


def _change(department):
    return reverse("admin:departments_department_change", args=[department.pk])


def _rotate(department):
    return reverse("admin:departments_department_rotate_secret", args=[department.pk])


def _form_data(client, url):
    form = client.get(url).context["adminform"].form
    return {name: value for name in form.fields if (value := form[name].value()) not in (None, False)}


def test_the_secret_is_on_no_admin_page(client, bureau, superuser):
    # given: a superuser who rotated the secret once and then edited the department
    client.force_login(superuser)
    client.post(_rotate(bureau), {"rotate": "1"})
    bureau.refresh_from_db()
    current, previous = bureau.webhook_secret, bureau.webhook_secret_previous
    client.post(_change(bureau), {**_form_data(client, _change(bureau)), "short_name": "城管"})

    # when: the list, a search, the change page and the history are opened
    pages = {
        "list": client.get(CHANGELIST),
        "search": client.get(CHANGELIST, {"q": "城管"}),
        "change": client.get(_change(bureau)),
        "history": client.get(reverse("admin:departments_department_history", args=[bureau.pk])),
    }

    # then: they open, show the department, and hold neither secret
    assert {name: page.status_code for name, page in pages.items()} == dict.fromkeys(pages, 200)
    assert all("城管局" in page.content.decode() for page in pages.values())
    assert [name for name, page in pages.items() if current in page.content.decode()] == []
    assert [name for name, page in pages.items() if previous in page.content.decode()] == []
    assert "webhook_secret" not in pages["change"].context["adminform"].form.fields
    assert "轮换了 Webhook 密钥" in pages["history"].content.decode()


def test_a_typed_secret_is_ignored(client, bureau, superuser):
    client.force_login(superuser)

    response = client.post(_change(bureau), {**_form_data(client, _change(bureau)), "webhook_secret": "typed-by-hand"})

    assert response.status_code == 302
    bureau.refresh_from_db()
    assert bureau.webhook_secret == SECRET


def test_a_secret_cannot_be_guessed_through_a_url_filter(client, bureau, superuser):
    client.force_login(superuser)

    responses = [
        client.get(CHANGELIST, {lookup: SECRET[:3]})
        for lookup in ("webhook_secret__startswith", "webhook_secret_previous__startswith")
    ]

    assert [r.status_code for r in responses] == [400, 400]


def test_a_new_department_gets_a_generated_secret_shown_once(client, superuser):
    client.force_login(superuser)
    data = {
        **_form_data(client, reverse("admin:departments_department_add")),
        "name": "住建局",
        "body": factories.default_body().pk,
    }
    data.pop("webhook_secret", None)

    response = client.post(reverse("admin:departments_department_add"), {**data, "webhook_secret": "typed"})

    department = Department.objects.get(name="住建局")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert len(department.webhook_secret) == 43
    assert department.webhook_secret != "typed"
    assert f'<code class="webhook-secret">{department.webhook_secret}</code>' in response.content.decode()
    assert department.webhook_secret not in client.get(_change(department)).content.decode()


def test_rotating_from_the_change_page_shows_the_new_secret_once(client, bureau, superuser, settings):
    settings.WEBHOOK_SECRET_GRACE_HOURS = 24
    client.force_login(superuser)
    change = client.get(_change(bureau))
    confirm = client.get(_rotate(bureau))

    with time_machine.travel(START, tick=False):
        response = client.post(_rotate(bureau), {"rotate": "1"})

    bureau.refresh_from_db()
    html = response.content.decode()
    assert _rotate(bureau) in change.content.decode()
    assert confirm.status_code == 200
    assert "24 小时" in confirm.content.decode()
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert f'<code class="webhook-secret">{bureau.webhook_secret}</code>' in html
    assert SECRET not in html
    assert (bureau.webhook_secret_previous, bureau.webhook_secret_previous_until) == (
        SECRET,
        START + datetime.timedelta(hours=24),
    )
    assert bureau.webhook_secret not in client.get(_change(bureau)).content.decode()


def test_cancelling_the_rotation_changes_nothing(client, bureau, superuser):
    client.force_login(superuser)

    response = client.post(_rotate(bureau), {"cancel": "1"})

    assert response.status_code == 302
    bureau.refresh_from_db()
    assert (bureau.webhook_secret, bureau.webhook_secret_previous, bureau.webhook_secret_previous_until) == (
        SECRET,
        "",
        None,
    )


def test_the_list_action_rotates_each_selected_department(client, bureau, superuser):
    other = factories.DepartmentFactory(name="住建局", webhook_secret="zjj-secret-old")
    untouched = factories.DepartmentFactory(name="水利局", webhook_secret="slj-secret-old")
    client.force_login(superuser)

    response = client.post(
        CHANGELIST, {"action": "rotate_webhook_secret", "_selected_action": [bureau.pk, other.pk], "index": 0}
    )

    for department in (bureau, other, untouched):
        department.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<code class="webhook-secret">') == 2
    assert f"{bureau.webhook_secret}</code>" in html
    assert f"{other.webhook_secret}</code>" in html
    assert (bureau.webhook_secret_previous, other.webhook_secret_previous) == (SECRET, "zjj-secret-old")
    assert (untouched.webhook_secret, untouched.webhook_secret_previous) == ("slj-secret-old", "")


@pytest.mark.parametrize("how", ["button", "action"])
def test_staff_who_may_only_view_departments_cannot_rotate(client, bureau, how):
    # given: office staff with admin access and the view permission only
    office = factories.UserFactory(username="office", roles=[Role.OFFICE_STAFF], is_staff=True)
    client.force_login(office)

    # when: they try the rotation page or post the action
    if how == "button":
        attempts = [client.get(_rotate(bureau)), client.post(_rotate(bureau), {"rotate": "1"})]
        assert [r.status_code for r in attempts] == [403, 403]
    else:
        response = client.post(
            CHANGELIST, {"action": "rotate_webhook_secret", "_selected_action": [bureau.pk], "index": 0}
        )
        # The action is not offered to them: the list answers as for an unknown action.
        assert response.status_code == 200
        assert 'class="webhook-secret"' not in response.content.decode()
        assert "rotate_webhook_secret" not in client.get(CHANGELIST).content.decode()

    # then: nothing changed, and the view page offers no rotation nor the secret
    bureau.refresh_from_db()
    assert (bureau.webhook_secret, bureau.webhook_secret_previous, bureau.webhook_secret_previous_until) == (
        SECRET,
        "",
        None,
    )
    view = client.get(_change(bureau)).content.decode()
    assert _rotate(bureau) not in view
    assert SECRET not in view


def test_the_rotation_pages_speak_english_to_an_english_browser(client, bureau, superuser):
    client.force_login(superuser)

    confirm = client.get(_rotate(bureau), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    shown = client.post(_rotate(bureau), {"rotate": "1"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "A new webhook secret will be made for “城管局”." in confirm
    assert 'value="Make a new secret"' in confirm
    assert "The secret is shown on this page only, once" in shown
    assert "accepted for 24 more hours" in shown
