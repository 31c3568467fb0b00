"""Office staff import history on a phone: upload, watch the progress bar, read the report of a
file with one bad row, import its valid rows, watch the bar finish. A real Celery worker runs the
task, as in production."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from petitions.models import Petition
from tests.e2e.conftest import sign_in
from tests.history.conftest import lookups, row, xlsx  # noqa: F401 (lookups: a fixture)

ROWS = 3000


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("lookups", "office_staff")
def test_office_staff_import_history_on_a_phone_and_watch_the_bar(
    live_server, phone_page, screenshot, tmp_path, settings, celery_worker_process
):
    path = tmp_path / "history.xlsx"
    rows = [row(original_number=str(n), content=f"第 {n} 件历史诉求。") for n in range(ROWS)]
    path.write_bytes(xlsx([*rows, row(original_number="bad", workstation="nowhere")]))
    # given office staff on the import page on their phone
    sign_in(phone_page, live_server.url, "office")
    phone_page.goto(f"{live_server.url}/history/import/")
    _fits(phone_page)

    # when they upload a file with one bad row
    phone_page.set_input_files("input[name=file]", str(path))
    phone_page.click("#upload-form button[type=submit]")

    # then a progress bar shows while the worker checks it, then the report names the bad row
    phone_page.wait_for_selector("#import-progress")
    _fits(phone_page)
    screenshot(phone_page, "checking")
    try:
        phone_page.wait_for_selector("#refusals", timeout=60_000)
    except PlaywrightError:
        from history.models import ImportBatch

        batch = ImportBatch.objects.values().get()
        raise AssertionError((batch, celery_worker_process.log_path.read_text()[-3000:])) from None
    assert f"<td>{ROWS + 2}</td><td>工作室</td><td>系统中没有这个工作室。</td>" in phone_page.content()
    assert Petition.objects.count() == 0
    _fits(phone_page)
    screenshot(phone_page, "report")

    # when they import the valid rows, then the bar moves to 100% and the page says it is done
    phone_page.click("#import-valid")
    phone_page.wait_for_selector("#import-progress")
    widths, shot = [], None
    for _ in range(300):
        try:
            if phone_page.locator("#batch-done").count():
                break
            widths.append(int(phone_page.get_attribute("#import-progress .progress", "aria-valuenow", timeout=500)))
            if 0 < widths[-1] < 100 and not shot:
                shot = screenshot(phone_page, "importing")
        except PlaywrightError:
            pass  # the page reloading to show the result
        phone_page.wait_for_timeout(100)
    phone_page.wait_for_selector("#batch-done", timeout=60_000)
    assert widths == sorted(widths)
    assert f"已导入 {ROWS} 件历史诉求，统计数据已更新。" in phone_page.locator("#batch-done").inner_text()
    assert Petition.objects.count() == ROWS
    _fits(phone_page)
    screenshot(phone_page, "done")
