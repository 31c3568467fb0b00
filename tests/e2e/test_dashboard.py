import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import sign_in
from tests.stats.conftest import history  # noqa: F401 - the constructed January 2026, as a fixture


def shown(page, figure: str) -> str:
    return page.locator(f'[data-figure="{figure}"] .stats-figure-value').first.inner_text().strip()


@pytest.mark.django_db(transaction=True)
def test_dashboard_filter_and_xlsx_export(live_server, desktop_page, screenshot, office_staff, history, tmp_path):  # noqa: F811
    page = desktop_page
    # given office staff signed in, looking at January 2026
    sign_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/dashboard/?period=month&month=2026-01")
    assert page.locator("#period-label").inner_text() == "2026年01月"
    assert [shown(page, f) for f in ("collected", "handled", "solved", "projects", "households")] == [
        "6", "5", "2", "1", "8",
    ]  # fmt: skip
    # the charts were drawn by Chart.js from the page's JSON (no inline script)
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 3")
    screenshot(page, "january")

    # when they narrow it to the Luoxi workstation
    page.select_option("#id_workstation", str(history.b.pk))
    page.click("#stats-filters button[type=submit]")
    page.wait_for_load_state()

    # then the figures are Luoxi's
    assert [shown(page, f) for f in ("collected", "handled", "solved", "projects", "households")] == [
        "1", "1", "1", "0", "5",
    ]  # fmt: skip
    assert page.locator("#table-workstations tbody tr").count() == 1
    screenshot(page, "luoxi")

    # and the XLSX they download holds the figures on the screen
    with page.expect_download() as download_info:
        page.click("#export-xlsx")
    path = tmp_path / "stats.xlsx"
    download_info.value.save_as(path)
    overview = {row[0]: row[1] for row in load_workbook(path)["概览"].iter_rows(min_row=2, values_only=True)}
    assert overview["收集社情民意"] == int(shown(page, "collected")) == 1
    assert overview["反映和处理"] == int(shown(page, "handled"))
    assert overview["助推解决问题"] == int(shown(page, "solved"))
    assert overview["帮助困难群众户数"] == int(shown(page, "households")) == 5
    assert overview["满意率（办理过程，%）"] == float(shown(page, "satisfied").rstrip("%")) == 100.0


@pytest.mark.django_db(transaction=True)
def test_monthly_report_prints_to_pdf(live_server, desktop_page, office_staff, history, tmp_path):  # noqa: F811
    page = desktop_page
    sign_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/dashboard/report/?period=month&month=2026-01")
    # the filter bar and the navigation are for the screen only
    page.emulate_media(media="print")
    assert page.locator("#stats-filters").is_hidden()
    assert page.locator("nav.navbar").is_hidden()
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "本期共收集社情民意 6 件" in page.locator("article.report").inner_text()
