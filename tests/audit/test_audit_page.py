"""/audit/: office staff read and export the access log; everyone else is refused, and the
refusal is itself recorded."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from audit.choices import AccessKind
from audit.models import AccessLog
from tests import factories

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def _log(*, kind=AccessKind.CONTACT_VIEW, user=None, code="", day=datetime.date(2026, 3, 10), **fields):
    return AccessLog.objects.create(
        kind=kind,
        actor=user,
        actor_label=user.username if user else fields.pop("actor_label", ""),
        tracking_code=code,
        petition_id=fields.pop("petition_id", 1 if code else None),
        created_at=datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=TZ),
        **fields,
    )


@pytest.mark.parametrize("who", ["member", "liaison_officer", "reviewer", "department_handler"])
def test_only_office_staff_may_read_the_log_and_the_refusal_is_recorded(client, request, who):
    user = request.getfixturevalue(who)
    user = user.user if who == "member" else user
    client.force_login(user)
    before = set(AccessLog.objects.values_list("pk", flat=True))
    # when they open the audit page
    response = client.get(reverse("audit:access_log"), REMOTE_ADDR="10.0.0.7")
    # then they are refused, and the only new row is the refusal: who, where, from where
    assert response.status_code == 403
    new = AccessLog.objects.exclude(pk__in=before)
    assert list(new.values_list("kind", "actor_id", "path", "ip_address")) == [
        (AccessKind.PERMISSION_DENIED, user.pk, "/audit/", "10.0.0.7")
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_is_refused_to_a_liaison_officer_and_nothing_is_exported(client, liaison_officer, fmt):
    client.force_login(liaison_officer)
    response = client.get(reverse("audit:access_log_export", args=[fmt]))
    assert response.status_code == 403
    assert not AccessLog.objects.filter(kind=AccessKind.EXPORT).exists()
    assert AccessLog.objects.filter(kind=AccessKind.PERMISSION_DENIED).count() == 1


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("audit:access_log"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_office_staff_read_the_log_newest_first(client, office_staff, liaison_officer):
    _log(user=liaison_officer, code="AAAABBBBCCCC", day=datetime.date(2026, 3, 9))
    _log(user=liaison_officer, code="DDDDEEEEFFFF", day=datetime.date(2026, 3, 10), ip_address="10.1.1.1")
    client.force_login(office_staff)
    page = client.get(reverse("audit:access_log")).content.decode()
    table = page[page.index('id="audit-table"') :]
    assert table.index("DDDDEEEEFFFF") < table.index("AAAABBBBCCCC")
    assert "2026-03-10 10:00:00" in table
    assert "10.1.1.1" in table


@pytest.fixture
def filtered_log(liaison_officer, member, office_staff):
    rows = {
        "liaison-early": _log(user=liaison_officer, code="AAAABBBBCCCC", day=datetime.date(2026, 3, 1)),
        "liaison-photo": _log(
            kind=AccessKind.PHOTO_VIEW, user=liaison_officer, code="AAAABBBBCCCC", day=datetime.date(2026, 3, 5)
        ),
        "member": _log(user=member.user, code="QQQQRRRRSSSS", day=datetime.date(2026, 3, 5)),
        "failed": _log(kind=AccessKind.LOGIN_FAILED, actor_label="nobody", day=datetime.date(2026, 3, 6)),
    }
    return rows


def _listed(client, params):
    response = client.get(reverse("audit:access_log"), params)
    table = response.content.decode().split('id="audit-table"')[1]
    return sorted(code for code in ("AAAABBBBCCCC", "QQQQRRRRSSSS", "nobody") if code in table), table


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"who": "liaison"}, ["AAAABBBBCCCC"]),
        ({"who": "nobody"}, ["nobody"]),
        ({"tracking_code": "qqqq-rrrr"}, ["QQQQRRRRSSSS"]),
        ({"kind": AccessKind.LOGIN_FAILED}, ["nobody"]),
        ({"date_from": "2026-03-05", "date_to": "2026-03-05"}, ["AAAABBBBCCCC", "QQQQRRRRSSSS"]),
        ({"date_from": "2026-03-06"}, ["nobody"]),
        ({}, ["AAAABBBBCCCC", "QQQQRRRRSSSS", "nobody"]),
    ],
)
def test_the_filters(client, office_staff, filtered_log, params, expected):
    client.force_login(office_staff)
    listed, _table = _listed(client, {"kind": "", **params} if "kind" not in params else params)
    assert listed == expected


def test_the_date_range_keeps_one_of_two_rows_of_a_code(client, office_staff, filtered_log):
    client.force_login(office_staff)
    _listed_codes, table = _listed(client, {"date_from": "2026-03-05", "who": "liaison"})
    assert table.count("AAAABBBBCCCC") == 1
    assert "查看群众照片" in table


def test_the_csv_export_holds_the_filtered_rows_and_is_itself_recorded(client, office_staff, filtered_log):
    client.force_login(office_staff)
    response = client.get(reverse("audit:access_log_export", args=["csv"]), {"who": "liaison"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="access-log-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["时间", "用户", "姓名", "类型", "查询码", "来源地址", "访问路径", "说明", "行数"]
    assert [(r[0], r[1], r[3], r[4]) for r in rows[1:]] == [
        ("2026-03-05 10:00:00", "liaison", "查看群众照片", "AAAABBBBCCCC"),
        ("2026-03-01 10:00:00", "liaison", "查看群众联系方式", "AAAABBBBCCCC"),
    ]
    export = AccessLog.objects.get(kind=AccessKind.EXPORT)
    assert (export.actor_id, export.row_count, export.detail) == (office_staff.pk, 2, "access_log csv who=liaison")


def test_the_xlsx_export(client, office_staff, filtered_log):
    client.force_login(office_staff)
    response = client.get(reverse("audit:access_log_export", args=["xlsx"]), {"kind": AccessKind.LOGIN_FAILED})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:4] == ["2026-03-06 10:00:00", "nobody", None, "登录失败"]
    assert len(values) == 2
    assert AccessLog.objects.get(kind=AccessKind.EXPORT).row_count == 1


def test_a_username_that_looks_like_a_formula_is_quoted_in_the_csv(client, office_staff):
    _log(kind=AccessKind.LOGIN_FAILED, actor_label="=HYPERLINK(1)")
    client.force_login(office_staff)
    response = client.get(reverse("audit:access_log_export", args=["csv"]), {"kind": AccessKind.LOGIN_FAILED})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("rows", [2, 20])
def test_audit_page_query_budget(client, office_staff, rows, django_assert_num_queries):
    users = [factories.UserFactory(roles=[Role.LIAISON_OFFICER]) for _ in range(rows)]
    for user in users:
        _log(user=user, code="AAAABBBBCCCC")
    client.force_login(office_staff)
    client.get(reverse("audit:access_log"))  # warm the session and permission caches
    # session, user, user and group permissions, the office's CPPCC body, whether it holds every
    # workstation (then every row is its), the count, the page of rows with their users (a join)
    with django_assert_num_queries(8):
        response = client.get(reverse("audit:access_log"), {"tracking_code": "AAAA"})
    assert response.content.decode().count("AAAABBBBCCCC") == rows


def test_a_refused_search_keeps_the_path_but_not_its_query(client, member):
    # given a member trying the audit page with a citizen's phone in the search
    client.force_login(member.user)
    response = client.get(reverse("audit:access_log"), {"who": "13800138000"})
    # then the refusal is recorded without the query string that held the phone
    assert response.status_code == 403
    row = AccessLog.objects.get(kind=AccessKind.PERMISSION_DENIED)
    assert (row.path, row.detail) == ("/audit/", "")
    assert not AccessLog.objects.filter(path__contains="13800138000").exists()
