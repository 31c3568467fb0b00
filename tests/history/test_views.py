"""The office's import page: who may use it, the template, upload -> report -> confirm."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from history.choices import BatchStatus
from history.models import ImportBatch
from petitions.models import Petition
from tests import factories
from tests.history.conftest import HEADERS, row, xlsx

pytestmark = pytest.mark.django_db


def _upload(data: bytes, name: str = "history.xlsx"):
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 302),
        (Role.LIAISON_OFFICER, 403),
        (Role.MEMBER, 403),
        (Role.REVIEWER, 403),
        (Role.DEPARTMENT_HANDLER, 403),
        (Role.OFFICE_STAFF, 200),
    ],
)
@pytest.mark.parametrize("url_name", ["history:import", "history:template"])
def test_only_office_staff_reach_the_page_and_the_template(client, role, expected, url_name):
    if role is not None:
        client.force_login(factories.UserFactory(roles=[role]))
    response = client.get(reverse(url_name))
    assert response.status_code == expected


def test_others_cannot_upload_or_confirm(client, lookups):
    client.force_login(factories.UserFactory(roles=[Role.LIAISON_OFFICER]))
    response = client.post(reverse("history:import"), {"file": _upload(xlsx([row()]))})
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 0


def test_the_template_has_the_columns_an_example_and_the_allowed_values(client, office_staff):
    client.force_login(office_staff)
    response = client.get(reverse("history:template"))
    wb = load_workbook(io.BytesIO(response.content))
    first, help_sheet = wb.worksheets
    assert [c.value for c in first[1]] == HEADERS
    assert first["E2"].value == "小区门口路灯不亮，夜间出行不便。"
    allowed = {r[0].value: r[2].value for r in help_sheet.iter_rows(min_row=2)}
    assert allowed["状态"] == "已答复、已办结、已撤回、无效信息"
    assert allowed["办理方式"] == "1 解释说明、2 直接答复、3 咨询后答复、4 提交建议"


def test_the_filled_template_imports(client, office_staff, lookups):
    # the template's own example row is a valid row
    client.force_login(office_staff)
    template = client.get(reverse("history:template")).content
    client.post(reverse("history:import"), {"file": _upload(template)})
    batch = ImportBatch.objects.get()
    assert (batch.valid_rows, batch.refused_rows) == (1, 0)


def test_upload_shows_the_report_and_confirm_imports(client, office_staff, lookups, settings):
    client.force_login(office_staff)
    # when a file with one bad row is uploaded with "valid rows only"
    data = xlsx([row(original_number="1"), row(original_number="2", workstation="nowhere")])
    response = client.post(reverse("history:import"), {"file": _upload(data), "valid_only": "on"})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("history:batch", args=[batch.pk])).content.decode()
    # then the report names the row, the column and the reason, and nothing is imported yet
    assert "<td>3</td><td>工作室</td><td>系统中没有这个工作室。</td>" in page
    assert "确认导入 1 行" in page
    assert Petition.objects.count() == 0
    stored = list(settings.HISTORY_UPLOAD_DIR.iterdir())
    assert len(stored) == 1
    # when confirmed
    client.post(reverse("history:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.imported_rows) == (BatchStatus.DONE, 1)
    assert Petition.objects.count() == 1
    # the upload is gone, and confirming again imports nothing more
    assert list(settings.HISTORY_UPLOAD_DIR.iterdir()) == []
    client.post(reverse("history:confirm", args=[batch.pk]))
    assert Petition.objects.count() == 1


def test_a_file_with_errors_cannot_be_confirmed_without_valid_only(client, office_staff, lookups):
    client.force_login(office_staff)
    client.post(reverse("history:import"), {"file": _upload(xlsx([row(), row(content="", original_number="x")]))})
    batch = ImportBatch.objects.get()
    page = client.get(reverse("history:batch", args=[batch.pk])).content.decode()
    assert "确认导入" not in page
    client.post(reverse("history:confirm", args=[batch.pk]))
    assert Petition.objects.count() == 0


def test_cancel_deletes_the_upload(client, office_staff, lookups, settings):
    client.force_login(office_staff)
    client.post(reverse("history:import"), {"file": _upload(xlsx([row()]))})
    batch = ImportBatch.objects.get()
    client.post(reverse("history:cancel", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED
    assert list(settings.HISTORY_UPLOAD_DIR.iterdir()) == []
    client.post(reverse("history:confirm", args=[batch.pk]))
    assert Petition.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b"not a spreadsheet", "x.xlsx", "无法读取文件"),
        (xlsx([row()], headers=["收到日期", "备注"]), "x.xlsx", "缺少必填列：工作室、诉求内容、渠道、状态。"),
        (b"a,b", "x.csv", "请上传 .xlsx 文件"),
    ],
    ids=["not-xlsx", "columns-missing", "csv"],
)
def test_an_unreadable_file_is_refused_on_the_form(client, office_staff, data, name, error):
    client.force_login(office_staff)
    response = client.post(reverse("history:import"), {"file": _upload(data, name)})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_the_command_dry_run_saves_nothing_and_the_import_prints_progress(lookups, tmp_path):
    path = tmp_path / "h.xlsx"
    path.write_bytes(xlsx([row(original_number="1"), row(original_number="2", category="天气")]))
    out = io.StringIO()
    call_command("import_petitions", str(path), "--dry-run", stdout=out)
    assert "row 3 [类别]: 系统中没有这个诉求类别。" in out.getvalue()
    assert "dry run: nothing saved" in out.getvalue()
    assert (ImportBatch.objects.count(), Petition.objects.count()) == (0, 0)
    out = io.StringIO()
    call_command("import_petitions", str(path), "--valid-only", stdout=out)
    assert "imported 1/1 rows" in out.getvalue()
    assert "imported 1 rows in" in out.getvalue()
    assert Petition.objects.count() == 1


def test_the_command_refuses_a_file_with_errors(lookups, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "h.xlsx"
    path.write_bytes(xlsx([row(), row(content="", original_number="x")]))
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_petitions", str(path), stdout=io.StringIO())
    assert (ImportBatch.objects.count(), Petition.objects.count()) == (0, 0)


def test_the_case_page_shows_the_import_on_the_timeline(client, office_staff, lookups):
    from history.services import batch_check, batch_import

    check = batch_check(data=xlsx([row(original_number="2015-0001")]), file_name="h.xlsx")
    batch = batch_import(check=check)
    petition = Petition.objects.get()
    client.force_login(office_staff)
    page = client.get(reverse("casework:case_detail", args=[petition.pk])).content.decode()
    assert f"从历史记录导入（批次 {batch.pk}，第 2 行），原收到日期 2015-03-08。" in page
    assert "2015-03-08" in page


def test_the_page_refuses_a_file_too_large_for_a_request(client, office_staff, lookups, monkeypatch):
    from history import services

    monkeypatch.setattr(services, "PAGE_MAX_ROWS", 2)
    client.force_login(office_staff)
    data = xlsx([row(original_number=str(n)) for n in range(3)])
    response = client.post(reverse("history:import"), {"file": _upload(data)})
    assert "网页上一次最多导入 2 行（本文件 3 行）。" in response.content.decode()
    assert ImportBatch.objects.count() == 0
