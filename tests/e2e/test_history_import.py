"""Office staff import a year of history on a phone: upload, read the report, confirm."""

import pytest

from petitions.models import Petition
from tests.e2e.conftest import sign_in
from tests.history.conftest import lookups, row, xlsx  # noqa: F401 (lookups: a fixture)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("lookups", "office_staff")
def test_office_staff_import_history_on_a_phone(live_server, phone_page, screenshot, tmp_path, settings):
    settings.HISTORY_UPLOAD_DIR = tmp_path / "imports"
    path = tmp_path / "history.xlsx"
    path.write_bytes(xlsx([row(original_number="1"), row(original_number="2", workstation="nowhere")]))
    # given office staff on the import page on their phone
    sign_in(phone_page, live_server.url, "office")
    phone_page.goto(f"{live_server.url}/history/import/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390

    # when they upload a file with one bad row, asking for the valid rows only
    phone_page.set_input_files("input[name=file]", str(path))
    phone_page.check("input[name=valid_only]")
    phone_page.click("#upload-form button[type=submit]")
    phone_page.wait_for_load_state()

    # then the report names the bad row, and the page fits the phone
    assert "系统中没有这个工作室。" in phone_page.locator("#refusals").inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "report")

    # when they confirm, then the valid row is imported
    phone_page.click("#confirm-import")
    phone_page.wait_for_load_state()
    assert "已导入 1 件历史诉求，统计数据已更新。" in phone_page.content()
    assert Petition.objects.count() == 1
    screenshot(phone_page, "done")
