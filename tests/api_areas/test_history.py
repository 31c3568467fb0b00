"""`/api/v1/history/imports/…`: upload → batch id → progress and result → refused rows → the
valid rows; office staff only, as on the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from history.choices import BatchStatus
from history.models import ImportBatch
from petitions.models import Petition
from tests.api_areas.conftest import ROLES, assert_error_body
from tests.history.conftest import eager_tasks, lookups, row, xlsx  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

LIST = reverse("api:history-import-list")


def _file(data: bytes, name: str = "history.xlsx"):
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.fixture
def upload(call, django_capture_on_commit_callbacks, eager_tasks, lookups):  # noqa: F811
    def do(data: bytes, role: str = "office", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return call(role, "post", LIST, {"file": _file(data), **fields}, fmt="multipart")

    return do


@pytest.mark.parametrize("role", ROLES)
def test_only_office_staff_may_upload(role, cast, upload):
    response = upload(xlsx([row(original_number="1")]), role=role, as_role="office")
    if role == "office":
        assert response.status_code == 202
        assert Petition.objects.count() == 1
        return
    assert_error_body(response, 401 if role == "anonymous" else 403)
    assert (ImportBatch.objects.count(), Petition.objects.count()) == (0, 0)


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("office", "read_only")])
def test_others_cannot_read_a_batch_or_its_refusals(role, cast, upload, call):
    batch_id = upload(xlsx([row(workstation="nowhere"), row(original_number="2")])).json()["id"]
    for name in ("api:history-import-detail", "api:history-import-refusals"):
        assert_error_body(call(role, "get", reverse(name, args=[batch_id])), 401 if role == "anonymous" else 403)
    response = call(role, "post", reverse("api:history-import-valid", args=[batch_id]))
    assert_error_body(response, 401 if role == "anonymous" else 403)
    assert (ImportBatch.objects.get().status, Petition.objects.count()) == (BatchStatus.VALIDATED, 0)


def test_upload_then_progress_then_refusals_then_the_valid_rows(cast, upload, call, django_capture_on_commit_callbacks):
    # when a file with one bad row is uploaded
    response = upload(xlsx([row(original_number="1"), row(original_number="2", category="天气")]))
    body = response.json()
    assert response.status_code == 202
    batch_id = body["id"]
    # then the task has checked it (eager here): it waits for the choice, with its report
    detail = call("office", "get", reverse("api:history-import-detail", args=[batch_id])).json()
    keys = ("status", "running", "total_rows", "valid_rows", "refused_rows", "imported_rows")
    assert {k: detail[k] for k in keys} == {
        "status": "validated", "running": False, "total_rows": 2, "valid_rows": 1, "refused_rows": 1,
        "imported_rows": 0,
    }  # fmt: skip
    refusals = call("office", "get", reverse("api:history-import-refusals", args=[batch_id])).json()
    assert refusals == {
        "refused_rows": 1,
        "results": [{"row": 3, "column": "类别", "reason": "系统中没有这个诉求类别。"}],
    }
    assert Petition.objects.count() == 0
    # when the valid rows are asked for
    with django_capture_on_commit_callbacks(execute=True):
        response = call("office", "post", reverse("api:history-import-valid", args=[batch_id]))
    assert response.status_code == 202
    detail = call("office", "get", reverse("api:history-import-detail", args=[batch_id])).json()
    assert (detail["status"], detail["imported_rows"], detail["percent"]) == ("done", 1, 100)
    assert Petition.objects.count() == 1
    # and asking again is a conflict that imports nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = call("office", "post", reverse("api:history-import-valid", args=[batch_id]))
    assert_error_body(response, 409, "import_refused")
    assert response.json()["detail"] == "这个批次已处理，不能再次导入。"
    assert Petition.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b"not a spreadsheet", "x.xlsx", "无法读取文件，请上传由模板填写的 .xlsx 文件。"),
        (b"a,b", "x.csv", "请上传 .xlsx 文件（可先下载模板）。"),
    ],
    ids=["not-xlsx", "csv"],
)
def test_an_unreadable_file_is_400_naming_the_file(cast, call, lookups, data, name, error):  # noqa: F811
    response = call("office", "post", LIST, {"file": _file(data, name)}, fmt="multipart")
    assert_error_body(response, 400, "invalid")
    assert response.json()["fields"] == {"file": [error]}
    assert ImportBatch.objects.count() == 0


def test_an_unknown_batch_is_404(cast, call):
    assert_error_body(call("office", "get", reverse("api:history-import-detail", args=[999999])), 404, "not_found")
