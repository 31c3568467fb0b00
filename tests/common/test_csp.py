"""The Content-Security-Policy: every kind of response carries it, and a report-only switch."""

import importlib

import pytest
from django.urls import reverse

from petitions.choices import Status

POLICY = (
    "default-src 'self'; script-src 'self'; object-src 'none'; style-src 'self'; font-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; connect-src 'self'"
)


def _sorted(policy: str) -> list[str]:
    return sorted(part.strip() for part in policy.split(";"))


@pytest.fixture
def photo_case(member, workstation):
    from tests.petitions.test_workflow_views import _petition_with_photo

    return _petition_with_photo(member, workstation)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "who", "url", "status", "content_type"),
    [
        ("public page", None, "/", 200, "text/html; charset=utf-8"),
        ("workstation page", None, "/w/xiliuwan/", 200, "text/html; charset=utf-8"),
        ("staff page", "member", "/inbox/", 200, "text/html; charset=utf-8"),
        ("admin", "superuser", "/admin/", 200, "text/html; charset=utf-8"),
        ("API JSON", "office_staff", "/api/v1/stats/summary/", 200, "application/json"),
        ("API docs", "member", "/api/docs/", 200, "text/html; charset=utf-8"),
        ("API docs script", "member", "/api/docs/?script=", 200, "application/javascript"),
        ("API schema", "member", "/api/schema/", 200, "application/vnd.oai.openapi; charset=utf-8"),
        ("XLSX export", "office_staff", "/dashboard/export.xlsx", 200, None),
        ("404", None, "/no-such-page/", 404, "text/html; charset=utf-8"),
        ("static file", None, "/static/js/stats-charts.js", 200, None),
    ],
)
def test_every_kind_of_response_carries_the_policy(
    client, workstation, member, office_staff, name, who, url, status, content_type
):
    # given
    from tests import factories

    if who == "member":
        client.force_login(member.user)
    elif who == "office_staff":
        client.force_login(office_staff)
    elif who == "superuser":
        client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))

    # when
    response = client.get(url)

    # then
    assert response.status_code == status
    if content_type:
        assert response["Content-Type"] == content_type
    assert _sorted(response["Content-Security-Policy"]) == _sorted(POLICY)
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.django_db
def test_a_photo_download_carries_the_policy(client, member, photo_case):
    # given
    petition, photo = photo_case
    assert petition.status == Status.ASSIGNED
    client.force_login(member.user)

    # when
    response = client.get(reverse("casework:case_photo", args=[petition.pk, photo.pk]))

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert _sorted(response["Content-Security-Policy"]) == _sorted(POLICY)


@pytest.mark.django_db
def test_the_docs_page_loads_its_init_script_as_a_file_and_holds_no_inline_code(client, member):
    # given
    client.force_login(member.user)

    # when
    page = client.get("/api/docs/").content.decode()

    # then: every script has a src, no <style> block, no style attribute
    assert '<script src="/api/docs/?script="></script>' in page
    assert page.count("<script") == page.count("<script src=") == 3
    assert "<style" not in page
    assert "style=" not in page
    assert '<link rel="stylesheet" href="/static/css/swagger.css">' in page


def _reload_base_settings(monkeypatch, **env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    import config.settings.base as base

    return importlib.reload(base)


def test_report_only_switch_and_report_uri(monkeypatch):
    # given / when: CSP_REPORT_ONLY on and a report address
    base = _reload_base_settings(monkeypatch, CSP_REPORT_ONLY="true", CSP_REPORT_URI="/csp-report/")
    try:
        # then: the same policy as report-only, nothing enforced
        assert base.CONTENT_SECURITY_POLICY is None
        directives = base.CONTENT_SECURITY_POLICY_REPORT_ONLY["DIRECTIVES"]
        assert directives["report-uri"] == ["/csp-report/"]
        assert directives["script-src"] == ["'self'"]
    finally:
        monkeypatch.delenv("CSP_REPORT_ONLY")
        monkeypatch.delenv("CSP_REPORT_URI")
        importlib.reload(base)


def test_the_policy_is_enforced_by_default(monkeypatch):
    monkeypatch.delenv("CSP_REPORT_ONLY", raising=False)
    monkeypatch.delenv("CSP_REPORT_URI", raising=False)
    base = _reload_base_settings(monkeypatch)
    assert base.CONTENT_SECURITY_POLICY_REPORT_ONLY is None
    assert "report-uri" not in base.CONTENT_SECURITY_POLICY["DIRECTIVES"]


@pytest.mark.django_db
def test_report_only_mode_sends_the_report_only_header(client, settings):
    # given: the settings CSP_REPORT_ONLY=true produces
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "report-uri": ["/csp-report/"]}
    }
    settings.CONTENT_SECURITY_POLICY = None

    # when
    response = client.get("/")

    # then
    assert "Content-Security-Policy" not in response
    assert _sorted(response["Content-Security-Policy-Report-Only"]) == _sorted(POLICY + "; report-uri /csp-report/")
