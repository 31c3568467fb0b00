"""The office's import page: who may use it, the template, upload -> task with a progress bar -> report
-> the valid rows; the command's progress line."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from history.choices import BatchStatus
from history.models import ImportBatch, ImportUpload
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


@pytest.fixture
def post_upload(client, eager_tasks, django_capture_on_commit_callbacks):
    """Upload on the page as a browser does, the queued task running once the request commits."""

    def post(data: bytes, name: str = "history.xlsx", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("history:import"), {"file": _upload(data, name), **fields})

    return post


def test_the_filled_template_imports(client, office_staff, lookups, post_upload):
    # the template's own example row is a valid row
    client.force_login(office_staff)
    template = client.get(reverse("history:template")).content
    post_upload(template)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.valid_rows, batch.refused_rows, batch.imported_rows) == (BatchStatus.DONE, 1, 0, 1)


def test_a_good_file_is_queued_then_imported_by_the_task_with_its_progress(
    client, office_staff, lookups, settings, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(office_staff)
    data = xlsx([row(original_number="1"), row(original_number="2")])
    # when the file is uploaded: the batch is queued, its file kept, a task queued after commit
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("history:import"), {"file": _upload(data)})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("history:batch", args=[batch.pk])
    assert (batch.status, batch.total_rows, batch.created_by) == (BatchStatus.QUEUED, 2, office_staff)
    assert ImportUpload.objects.count() == 1
    assert len(callbacks) == 1
    assert eager_tasks == []
    # then the page shows the progress bar, polled from status.json by a static script
    page = client.get(reverse("history:batch", args=[batch.pk])).content.decode()
    assert f'data-status-url="{reverse("history:status", args=[batch.pk])}"' in page
    assert "js/history-import.js" in page
    assert "排队等待处理……" in page
    status = client.get(reverse("history:status", args=[batch.pk])).json()
    assert (status["status"], status["running"], status["percent"], status["total_rows"]) == ("queued", True, 0, 2)
    # when the task runs
    callbacks[0]()
    batch.refresh_from_db()
    assert (batch.status, batch.imported_rows, batch.rows_done) == (BatchStatus.DONE, 2, 2)
    assert Petition.objects.count() == 2
    assert ImportUpload.objects.count() == 0
    status = client.get(reverse("history:status", args=[batch.pk])).json()
    assert (status["status"], status["running"], status["percent"], status["imported_rows"]) == ("done", False, 100, 2)
    page = client.get(reverse("history:batch", args=[batch.pk])).content.decode()
    assert "已导入 2 件历史诉求，统计数据已更新。" in page
    assert 'id="import-progress"' not in page


def test_a_file_with_errors_stops_with_the_report_until_the_valid_rows_are_asked_for(
    client, office_staff, lookups, settings, post_upload, django_capture_on_commit_callbacks
):
    client.force_login(office_staff)
    # when a file with one bad row is uploaded
    data = xlsx([row(original_number="1"), row(original_number="2", workstation="nowhere")])
    post_upload(data)
    batch = ImportBatch.objects.get()
    # then the report names the row, the column and the reason, and nothing is imported
    assert batch.status == BatchStatus.VALIDATED
    page = client.get(reverse("history:batch", args=[batch.pk])).content.decode()
    assert "<td>3</td><td>工作室</td><td>系统中没有这个工作室。</td>" in page
    assert "文件中有 1 行有误，尚未导入任何数据。" in page
    assert "只导入无误的 1 行" in page
    assert Petition.objects.count() == 0
    assert ImportUpload.objects.count() == 1
    # and the report downloads as a spreadsheet
    report = client.get(reverse("history:report", args=[batch.pk]))
    sheet = load_workbook(io.BytesIO(report.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows == [["行号", "列", "原因"], [3, "工作室", "系统中没有这个工作室。"]]
    # when the office asks for the valid rows
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("history:import_valid", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.valid_only, batch.imported_rows) == (BatchStatus.DONE, True, 1)
    assert Petition.objects.count() == 1
    assert ImportUpload.objects.count() == 0
    # and asking again imports nothing more
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("history:import_valid", args=[batch.pk]), follow=True)
    assert "这个批次已处理，不能再次导入。" in response.content.decode()
    assert Petition.objects.count() == 1


def test_valid_only_at_upload_imports_the_valid_rows_at_once(client, office_staff, lookups, post_upload):
    client.force_login(office_staff)
    post_upload(xlsx([row(original_number="1"), row(original_number="2", category="天气")]), valid_only="on")
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.imported_rows, batch.refused_rows) == (BatchStatus.DONE, 1, 1)
    page = client.get(reverse("history:batch", args=[batch.pk])).content.decode()
    assert "<td>3</td><td>类别</td><td>系统中没有这个诉求类别。</td>" in page


def test_a_file_with_only_bad_rows_fails_with_its_report(client, office_staff, lookups, post_upload, settings):
    client.force_login(office_staff)
    post_upload(xlsx([row(workstation="nowhere")]))
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.FAILED
    page = client.get(reverse("history:batch", args=[batch.pk])).content.decode()
    assert "文件中没有可导入的行：1 行有误。请改正后重新上传。" in page
    assert "<td>2</td><td>工作室</td><td>系统中没有这个工作室。</td>" in page
    assert "只导入无误" not in page
    assert ImportUpload.objects.count() == 0


def test_the_same_file_twice_on_the_page_imports_nothing_the_second_time(client, office_staff, lookups, post_upload):
    client.force_login(office_staff)
    data = xlsx([row(original_number="1"), row(original_number="2")])
    post_upload(data)
    post_upload(data)
    first, second = ImportBatch.objects.order_by("pk")
    assert (second.status, second.already_rows, second.imported_rows) == (BatchStatus.DONE, 2, 0)
    assert first.file_hash == second.file_hash != ""
    assert Petition.objects.count() == 2
    page = client.get(reverse("history:batch", args=[second.pk])).content.decode()
    assert "文件中的行此前都已导入，本次没有新增数据。" in page
    assert "同一文件已于" in page


def test_cancel_deletes_the_upload(client, office_staff, lookups, settings, post_upload):
    client.force_login(office_staff)
    post_upload(xlsx([row(), row(content="", original_number="x")]))
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.VALIDATED
    client.post(reverse("history:cancel", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED
    assert ImportUpload.objects.count() == 0
    client.post(reverse("history:import_valid", args=[batch.pk]))
    assert Petition.objects.count() == 0


def test_others_cannot_see_a_batch_its_status_or_report(client, office_staff, lookups, post_upload):
    client.force_login(office_staff)
    post_upload(xlsx([row(workstation="nowhere"), row(original_number="2")]))
    batch = ImportBatch.objects.get()
    client.force_login(factories.UserFactory(roles=[Role.MEMBER]))
    for name in ("history:batch", "history:status", "history:report"):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 403
    for name in ("history:import_valid", "history:cancel"):
        assert client.post(reverse(name, args=[batch.pk])).status_code == 403
    batch.refresh_from_db()
    assert (batch.status, Petition.objects.count()) == (BatchStatus.VALIDATED, 0)


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
    lines = out.getvalue().splitlines()
    # then, not on a terminal, each stage's last progress line and a summary
    assert re.fullmatch(r"checked 2/2 rows \(100%\), [\d,]+ rows/s, \d+ s", lines[0])
    assert re.fullmatch(r"imported 1/1 rows \(100%\), [\d,]+ rows/s, \d+ s", lines[3])
    assert re.fullmatch(
        r"batch \d+: imported 1 rows, 1 refused, 0 already imported; 2 rows in [\d.]+ s \([\d,]+ rows/s\)", lines[4]
    )
    assert Petition.objects.count() == 1


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_command_on_a_terminal_rewrites_one_progress_line(lookups, tmp_path, monkeypatch):
    from history.services import importing

    monkeypatch.setattr(importing, "CHUNK", 2)
    path = tmp_path / "h.xlsx"
    path.write_bytes(xlsx([row(original_number=str(n)) for n in range(5)]))
    out = _Terminal()
    call_command("import_petitions", str(path), stdout=out)
    text = out.getvalue()
    # the line is rewritten in place (carriage return, erase to the end) as the rows go by
    updates = re.findall(r"\r((?:checked|imported) \d+/\d+ rows \(\d+%\), [\d,]+ rows/s, \d+ s)\x1b\[K", text)
    assert [u.split(" rows")[0] for u in updates] == [
        "checked 2/5", "checked 4/5", "checked 5/5", "imported 2/5", "imported 4/5", "imported 5/5",
    ]  # fmt: skip
    assert "imported 5 rows, 0 refused, 0 already imported; 5 rows in" in text.splitlines()[-1]
    assert Petition.objects.count() == 5


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


def test_the_page_refuses_a_file_over_the_row_limit_at_once(client, office_staff, lookups, monkeypatch):
    from history.services import jobs

    monkeypatch.setattr(jobs, "UPLOAD_MAX_ROWS", 2)
    client.force_login(office_staff)
    data = xlsx([row(original_number=str(n)) for n in range(3)])
    response = client.post(reverse("history:import"), {"file": _upload(data)})
    assert "一次最多导入 2 行（本文件 3 行）。" in response.content.decode()
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize("refused", [1, 20])
def test_the_batch_page_and_its_poll_take_the_same_queries_for_1_and_20_refused_rows(
    client, office_staff, lookups, post_upload, refused, django_assert_max_num_queries
):
    client.force_login(office_staff)
    post_upload(
        xlsx([row(original_number="ok"), *(row(original_number=str(n), workstation="x") for n in range(refused))])
    )
    batch = ImportBatch.objects.get()
    with django_assert_max_num_queries(8):
        page = client.get(reverse("history:batch", args=[batch.pk]))
    assert page.content.decode().count("系统中没有这个工作室。") == refused
    with django_assert_max_num_queries(5):  # session, user, its two permission lists, the batch
        assert client.get(reverse("history:status", args=[batch.pk])).json()["refused_rows"] == refused
