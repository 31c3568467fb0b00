import pytest
from django.core.cache import cache
from django.utils import timezone

from members.choices import Slot
from tests import factories


@pytest.fixture
def duty_member(workstation):
    member = factories.MemberFactory(
        user__username="duty", user__full_name="李值班", sector__name="经济界", phone="13912345678"
    )
    roster = factories.DutyRosterFactory(workstation=workstation, month=timezone.localdate().replace(day=1))
    factories.DutyAssignmentFactory(roster=roster, member=member, date=timezone.localdate(), slot=Slot.MORNING)
    return member


@pytest.mark.django_db
def test_workstation_page_shows_hours_on_duty_qr_and_button(client, workstation, duty_member):
    response = client.get(f"/w/{workstation.code}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "西流湾社区委员工作室" in html
    assert "每月第一个星期一上午" in html
    assert '<li class="on-duty-member">李值班 <span class="text-muted">（经济界 · 上午）</span></li>' in html
    assert "13912345678" not in html
    assert f'src="/w/{workstation.code}/qr.svg"' in html
    assert f'href="/w/{workstation.code}/submit/">提交诉求</a>' in html
    assert 'href="/track/"' in html


@pytest.mark.django_db
def test_workstation_page_without_duty_says_so(client, workstation):
    html = client.get(f"/w/{workstation.code}/").content.decode()
    assert "今日暂无委员值班" in html


@pytest.mark.parametrize("duties", [1, 3])
@pytest.mark.django_db
def test_workstation_page_query_count_is_fixed(client, workstation, duties, django_assert_num_queries):
    roster = factories.DutyRosterFactory(workstation=workstation, month=timezone.localdate().replace(day=1))
    slots = [Slot.MORNING, Slot.AFTERNOON, Slot.FULL_DAY]
    for i in range(duties):
        factories.DutyAssignmentFactory(roster=roster, date=timezone.localdate(), slot=slots[i])

    # the workstation, then its duties with member, user and sector
    with django_assert_num_queries(2):
        response = client.get(f"/w/{workstation.code}/")
    assert response.content.decode().count('class="on-duty-member"') == duties


@pytest.mark.django_db
def test_qr_codes_encode_the_public_form_url(client, workstation, settings):
    settings.PUBLIC_BASE_URL = "https://minyi.example.gov.cn"

    svg = client.get(f"/w/{workstation.code}/qr.svg")
    png = client.get(f"/w/{workstation.code}/qr.png")

    assert (svg.status_code, svg["Content-Type"]) == (200, "image/svg+xml")
    assert svg.content.startswith(b"<svg")
    assert (png.status_code, png["Content-Type"]) == (200, "image/png")
    assert png.content.startswith(b"\x89PNG")
    from common.qr import qr_svg

    assert svg.content == qr_svg(f"https://minyi.example.gov.cn/w/{workstation.code}/submit/")


@pytest.mark.django_db
def test_poster_is_printable_with_name_hours_and_qr(client, workstation):
    html = client.get(f"/w/{workstation.code}/poster/").content.decode()
    assert "民意直通" in html
    assert "西流湾社区委员工作室" in html
    assert "每月第一个星期一上午" in html
    assert f'src="/w/{workstation.code}/qr.svg"' in html


@pytest.mark.django_db
def test_inactive_or_unknown_workstation_is_404(client, workstation):
    workstation.is_active = False
    workstation.save()
    assert client.get(f"/w/{workstation.code}/").status_code == 404
    assert client.get("/w/nowhere/qr.svg").status_code == 404


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.django_db
def test_submit_form_query_count_is_fixed(client, workstation, rows, django_assert_num_queries):
    for i in range(rows):
        factories.CategoryFactory(name=f"类{i}", code=f"c{i}")

    cache.clear()
    # cold: the workstation, the categories' fingerprint, the categories to render the blank form
    with django_assert_num_queries(3):
        client.get(f"/w/{workstation.code}/submit/")
    # warm: the workstation, the fingerprint and the whole page come from the cache
    with django_assert_num_queries(0):
        response = client.get(f"/w/{workstation.code}/submit/")
    assert response.content.decode().count("<option value=") == rows + 1


@pytest.mark.django_db
def test_cached_blank_form_follows_category_changes(client, workstation):
    cache.clear()
    factories.CategoryFactory(name="供水", code="water")
    client.get(f"/w/{workstation.code}/submit/")

    factories.CategoryFactory(name="道路", code="roads")
    html = client.get(f"/w/{workstation.code}/submit/").content.decode()

    assert ">供水</option>" in html
    assert ">道路</option>" in html


@pytest.mark.django_db
def test_cached_blank_page_follows_a_renamed_category(client, workstation):
    # given a blank page cached with the category "供水"
    cache.clear()
    category = factories.CategoryFactory(name="供水", code="water")
    client.get(f"/w/{workstation.code}/submit/")

    # when staff rename it and a citizen opens the form
    category.name = "供水排水"
    category.save()
    html = client.get(f"/w/{workstation.code}/submit/").content.decode()

    # then the citizen sees the new name
    assert ">供水排水</option>" in html
    assert ">供水</option>" not in html


def _hidden_value(html: str, name: str) -> str:
    import re

    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


@pytest.mark.django_db
def test_cached_blank_page_gives_each_visitor_their_own_tokens(workstation):
    # given the blank page cached by a first visitor
    from django.test import Client

    cache.clear()
    factories.CategoryFactory(name="供水", code="water")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_html = first.get(f"/w/{workstation.code}/submit/").content.decode()

    # when a second visitor opens the same form
    response = second.get(f"/w/{workstation.code}/submit/")
    second_html = response.content.decode()

    # then the page is the same but for a CSRF token and an idempotency key of their own
    assert _hidden_value(first_html, "csrfmiddlewaretoken") != _hidden_value(second_html, "csrfmiddlewaretoken")
    assert _hidden_value(first_html, "idempotency_key") != _hidden_value(second_html, "idempotency_key")
    assert "slot-" not in second_html
    # and the token is the one their own CSRF cookie accepts
    assert response.cookies["csrftoken"].value
    posted = second.post(
        f"/w/{workstation.code}/submit/",
        {
            "csrfmiddlewaretoken": _hidden_value(second_html, "csrfmiddlewaretoken"),
            "idempotency_key": _hidden_value(second_html, "idempotency_key"),
            "content": "",
        },
    )
    assert posted.status_code == 400  # the form's own refusal, not the CSRF check's 403


@pytest.mark.django_db
def test_signed_in_staff_do_not_get_the_cached_anonymous_page(client, workstation, django_user_model):
    # given the anonymous blank page in the cache
    cache.clear()
    client.get(f"/w/{workstation.code}/submit/")

    # when a staff member opens the form signed in
    user = django_user_model.objects.create_user(username="liaison", password="x", full_name="联络员")
    client.force_login(user)
    html = client.get(f"/w/{workstation.code}/submit/").content.decode()

    # then their own navbar is rendered (the sign-out button), not the anonymous sign-in link
    assert "退出" in html
    assert "工作人员登录" not in html


@pytest.mark.django_db
def test_cached_workstation_follows_a_deactivation_at_once(client, workstation):
    # given the form opened once (the workstation now in the cache)
    cache.clear()
    assert client.get(f"/w/{workstation.code}/submit/").status_code == 200

    # when staff deactivate the workstation
    workstation.is_active = False
    workstation.save()

    # then its form is gone for the next citizen
    assert client.get(f"/w/{workstation.code}/submit/").status_code == 404
