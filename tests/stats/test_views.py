"""The dashboard page, its drill-down lists, exports and API: who may see what, and that they all
show the same figures."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import Role
from handoffs.models import Delivery
from petitions.models import Consultation
from stats.selectors import rising_words
from tests import factories
from tests.stats.conftest import at, make_petition, period, set_created

pytestmark = pytest.mark.django_db

JAN = {"period": "month", "month": "2026-01"}
FIGURES = [
    "collected", "handled", "solved", "households", "projects", "response_rate", "resolution_rate",
    "satisfaction_rate", "department_on_time_rate", "median_first_response_hours",
]  # fmt: skip


def shown_figures(html: str) -> dict:
    """The headline numbers as a person reads them on the page."""
    found = {}
    for figure, value in re.findall(
        r'data-figure="(\w+)">\s*<div class="card-body">\s*<div class="stats-figure-label">[^<]*</div>\s*'
        r'<div class="stats-figure-value">([^<]*)<',
        html,
    ):
        found.setdefault(figure, value)
    return found


def test_the_api_and_the_page_agree(client, office_staff, history):
    client.force_login(office_staff)
    page = client.get(reverse("stats:dashboard"), JAN)
    api = client.get("/api/v1/stats/summary/", JAN)
    assert page.status_code == 200
    assert api.status_code == 200
    body = api.json()
    assert body["period"] == {"start": "2026-01-01", "end": "2026-01-31", "label": "2026年01月"}
    page_summary = page.context["data"]["summary"]
    for figure in FIGURES:
        assert body[figure] == page_summary[figure], figure
    # and what a person sees on the page is the API's number
    shown = shown_figures(page.content.decode())
    assert shown["collected"] == str(body["collected"]) == "6"
    assert shown["handled"] == "5"
    assert shown["solved"] == "2"
    assert shown["households"] == "8"
    assert shown["projects"] == "1"
    assert shown["first_responded"] == "4.0"
    # the breakdown endpoints too
    categories = client.get("/api/v1/stats/categories/", JAN).json()["results"]
    assert [(r["name"], r["collected"]) for r in categories] == [
        (r["name"], r["collected"]) for r in page.context["data"]["categories"]
    ]
    departments = client.get("/api/v1/stats/departments/", JAN).json()["results"]
    assert [(r["name"], r["on_time_rate"]) for r in departments] == [("城管局", 100.0), ("住建局", 50.0)]


@pytest.mark.parametrize(
    ("who", "page_status", "api_status"),
    [("anonymous", 302, 401), ("member", 403, 403), ("handler", 403, 403), ("reviewer", 403, 403)],
)
def test_who_may_not_see_the_statistics(client, history, who, page_status, api_status, department_handler, reviewer):
    users = {"member": history.member_a.user, "handler": department_handler, "reviewer": reviewer}
    if who in users:
        client.force_login(users[who])
    assert client.get(reverse("stats:dashboard"), JAN).status_code == page_status
    assert client.get("/api/v1/stats/summary/", JAN).status_code == api_status
    assert client.get(reverse("stats:export", args=["xlsx"]), JAN).status_code == page_status
    assert client.get(reverse("stats:cases", args=["collected"]), JAN).status_code == page_status


def test_a_liaison_officer_sees_only_their_workstation(client, history):
    liaison = factories.UserFactory(username="luoxi-liaison", roles=[Role.LIAISON_OFFICER])
    history.b.liaison_officers.add(liaison)
    client.force_login(liaison)
    # the summary is Luoxi's alone
    body = client.get("/api/v1/stats/summary/", JAN).json()
    assert (body["collected"], body["handled"], body["solved"], body["households"]) == (1, 1, 1, 5)
    # asking for another workstation matches nothing, it does not widen the scope
    other = client.get("/api/v1/stats/summary/", {**JAN, "workstation": history.a.pk}).json()
    assert (other["collected"], other["handled"], other["projects"]) == (0, 0, 0)
    # the list behind "collected" holds Luoxi's petition only
    page = client.get(reverse("stats:cases", args=["collected"]), JAN)
    assert page.status_code == 200
    assert [p.pk for p in page.context["page"]] == [history.p["p9"].pk]
    assert "共 1 件" in page.content.decode()
    # the workstation choices offer only Luoxi
    dashboard = client.get(reverse("stats:dashboard"), JAN)
    assert [c[0] for c in dashboard.context["form"].fields["workstation"].choices] == ["", history.b.pk]


def test_the_list_behind_a_figure(client, office_staff, history):
    client.force_login(office_staff)
    page = client.get(reverse("stats:cases", args=["solved"]), JAN)
    assert page.status_code == 200
    assert {p.pk for p in page.context["page"]} == {history.p["p2"].pk, history.p["p9"].pk}
    assert "共 2 件" in page.content.decode()
    handoffs = client.get(reverse("stats:cases", args=["handoffs_due"]), JAN)
    assert handoffs.context["count"] == 3
    projects = client.get(reverse("stats:cases", args=["projects"]), JAN)
    assert [p.pk for p in projects.context["page"]] == [history.project.pk]
    assert client.get(reverse("stats:cases", args=["nonsense"]), JAN).status_code == 404


def test_the_district_filter_on_the_page(client, office_staff, history):
    client.force_login(office_staff)
    page = client.get(reverse("stats:dashboard"), {**JAN, "workstation": history.district.pk})
    assert shown_figures(page.content.decode())["collected"] == "5"


@pytest.mark.parametrize(
    "params",
    [
        {"month": "not-a-month"},
        {"period": "custom"},
        {"period": "custom", "start": "2026-02-01", "end": "2026-01-01"},
        {"workstation": "abc", "category": "' OR 1=1--", "channel": "%"},
        {"period": "quarter", "year": "99999"},
    ],
)
def test_bad_filter_input_never_fails(client, office_staff, history, params):
    client.force_login(office_staff)
    assert client.get(reverse("stats:dashboard"), params).status_code == 200
    assert client.get("/api/v1/stats/summary/", params).status_code == 200


def test_custom_period_errors_are_explained(client, office_staff, history):
    client.force_login(office_staff)
    page = client.get(reverse("stats:dashboard"), {"period": "custom", "start": "2026-02-01", "end": "2026-01-01"})
    assert "结束日期不能早于开始日期。" in page.content.decode()


def test_quarter_and_year_periods(client, office_staff, history):
    client.force_login(office_staff)
    q1 = client.get("/api/v1/stats/summary/", {"period": "quarter", "year": 2026, "quarter": 1}).json()
    assert q1["period"] == {"start": "2026-01-01", "end": "2026-03-31", "label": "2026年第1季度"}
    # January and February together: p3 is handled and solved in February
    assert (q1["collected"], q1["handled"], q1["solved"], q1["households"]) == (6, 6, 3, 10)
    year = client.get("/api/v1/stats/summary/", {"period": "year", "year": 2025}).json()
    assert (year["collected"], year["handled"], year["rated"]) == (1, 0, 1)


def test_xlsx_export_holds_the_figures_on_screen(client, office_staff, history):
    client.force_login(office_staff)
    response = client.get(reverse("stats:export", args=["xlsx"]), JAN)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="stats-20260101-20260131.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["概览", "月度趋势", "类别", "工作室排名", "部门", "委员工作量"]
    overview = {row[0]: row[1] for row in book["概览"].iter_rows(min_row=2, values_only=True)}
    assert overview["统计周期"] == "2026年01月"
    assert (overview["收集社情民意"], overview["反映和处理"], overview["助推解决问题"]) == (6, 5, 2)
    assert (overview["推进落实民生工程"], overview["帮助困难群众户数"]) == (1, 8)
    assert (overview["响应率（%）"], overview["解决率（%）"], overview["满意率（办理过程，%）"]) == (66.7, 40.0, 66.7)
    assert overview["首次响应中位时长（小时）"] == 4.0


def test_exports_neutralise_formulas(client, office_staff, history):
    # given a category whose name a spreadsheet would run as a formula
    history.water.name = '=HYPERLINK("http://evil.example","点我")'
    history.water.save()
    client.force_login(office_staff)
    rows = list(csv.reader(io.StringIO(client.get(reverse("stats:export", args=["csv"]), JAN).content.decode())))
    names = [r[0] for r in rows if r and "HYPERLINK" in r[0]]
    assert names
    assert all(name.startswith("'=") for name in names)
    book = load_workbook(io.BytesIO(client.get(reverse("stats:export", args=["xlsx"]), JAN).content))
    cell = next(c for row in book["类别"].iter_rows() for c in row if "HYPERLINK" in str(c.value))
    assert cell.data_type == "s"
    assert cell.value.startswith("'=")


def test_monthly_report_prints_the_figures(client, office_staff, history):
    client.force_login(office_staff)
    page = client.get(reverse("stats:report"), JAN)
    text = page.content.decode()
    assert (
        "本期共收集社情民意 6 件，反映和处理 5 件，助推解决问题 2 件，推进落实民生工程 1 项，帮助困难群众 8 户。"
        in text
    )
    # a printed report draws no charts: the only scripts are the site's own (Bootstrap's navbar,
    # the forms' error summary and counters, the phone's stacked tables)
    assert re.findall(r'<script src="([^"]+)"', text) == [
        "/static/vendor/bootstrap/js/bootstrap.bundle.min.js",
        "/static/js/forms.js",
        "/static/js/tables.js",
    ]
    assert text.count("<script") == 3


def test_member_record(client, office_staff, history):
    client.force_login(office_staff)
    page = client.get(reverse("stats:member_record", args=[history.member_a.pk]), {"year": 2026})
    assert page.status_code == 200
    tracks = [(t["label"], t["handled"]) for t in page.context["tracks"]]
    # p1 (track 1), p2 and p7 (track 2), p3 (track 3, replied in February), p4 (proposal)
    assert tracks == [("解释说明", 1), ("直接答复", 2), ("咨询后答复", 1), ("提交建议", 1)]
    assert (page.context["proposals"]["submitted"], page.context["proposals"]["accepted"]) == (1, 1)
    assert page.context["figures"]["solved"] == 2


def test_a_member_sees_their_own_record_and_no_other(client, history):
    client.force_login(history.member_b.user)
    assert client.get(reverse("stats:my_record"), {"year": 2026}).context["figures"]["handled"] == 1
    assert client.get(reverse("stats:member_record", args=[history.member_a.pk])).status_code == 403


def test_rising_words():
    # given 'water cut' rising in the last 30 days and 'noise' steady
    ws, category = factories.WorkstationFactory(), factories.CategoryFactory()
    for day in range(3, 9):
        make_petition(created=at(1, day * 3, 9), workstation=ws, category=category, content="小区停水三天了")
    for day in range(1, 4):
        make_petition(created=at(11, day, 9, year=2025), workstation=ws, category=category, content="广场噪音太大")
    for day in range(3, 6):
        make_petition(created=at(1, day, 9), workstation=ws, category=category, content="广场噪音太大")
    words = [w["word"] for w in rising_words(period())]
    assert "停水" in words[:3]
    assert "噪音" not in words


def _page_queries(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def _rows(n):
    for _ in range(n):
        ws = factories.WorkstationFactory()
        member = factories.MemberFactory(workstations=[ws])
        make_petition(
            created=at(1, 10, 9), workstation=ws, category=factories.CategoryFactory(), member=member, track=1,
            status="closed", replied_at=at(1, 11, 9), closed_at=at(1, 12, 9), outcome="solved",
        )  # fmt: skip


@pytest.mark.parametrize(
    "url", [reverse("stats:dashboard"), "/api/v1/stats/summary/", "/api/v1/stats/members/", "/dashboard/cases/solved/"]
)
def test_pages_query_budget_is_the_same_for_2_and_20_rows(client, office_staff, url):
    client.force_login(office_staff)
    _rows(2)
    _page_queries(client, url, JAN)  # the first page of a session also counts the navbar's unread notices (cached)
    few = _page_queries(client, url, JAN)
    _rows(18)
    assert _page_queries(client, url, JAN) == few


def test_a_category_row_opens_its_cases(client, office_staff, history):
    client.force_login(office_staff)
    page = client.get(reverse("stats:dashboard"), JAN)
    link = f'/dashboard/cases/handled/?period=month&amp;month=2026-01&amp;category={history.noise.pk}">3</a>'
    assert link in page.content.decode()
    cases = client.get(reverse("stats:cases", args=["handled"]), {**JAN, "category": history.noise.pk}).context["page"]
    assert {p.pk for p in cases} == {history.p["p1"].pk, history.p["p4"].pk, history.p["p7"].pk}


def test_handling_days_run_from_the_hand_off_reaching_the_department(client, office_staff, history):
    # given c2 (住建局, answered 01-18 10:00) delivered to the department on 01-16 10:00, its row
    # written later than that (as seed_demo writes its history today)
    c2 = Consultation.objects.get(petition=history.p["p9"])
    Delivery.objects.create(
        kind="consultation", department=c2.department, channel=c2.department.channel, consultation=c2,
        state="delivered", attempts=1, delivered_at=at(1, 16, 10),
    )  # fmt: skip
    set_created(c2, timezone.now())
    client.force_login(office_staff)
    # when the office reads the dashboard and its CSV
    page = client.get(reverse("stats:dashboard"), JAN)
    rows = list(csv.reader(io.StringIO(client.get(reverse("stats:export", args=["csv"]), JAN).content.decode())))
    # then 住建局 took two days, not a negative number
    departments = {r["name"]: r["mean_handling_days"] for r in page.context["data"]["departments"]}
    assert departments == {"城管局": 7.0, "住建局": 2.0}
    row = '<td>住建局</td><td class="text-end">2</td><td class="text-end">1</td><td class="text-end">50.0%</td>'
    assert row + '<td class="text-end">2.0</td>' in page.content.decode()
    assert [r[:6] for r in rows if r[:1] == ["住建局"]] == [["住建局", "2", "1", "50.0", "2.0", "0"]]


def _period_inputs(html: str) -> dict:
    """What the filter bar's period inputs show, as a person reads them."""
    shown = {}
    for name in ("month", "year", "start", "end"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        value = re.search(r'value="([^"]*)"', tag)
        shown[name] = value.group(1) if value else ""
    for name in ("period", "quarter"):
        select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)
        selected = re.search(r'<option value="([^"]*)" selected>', select)
        shown[name] = selected.group(1) if selected else ""
    return shown


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        (JAN, ("month", "2026-01", "2026", "", "", "")),
        ({"month": "2026-01"}, ("month", "2026-01", "2026", "", "", "")),
        ({"period": "quarter", "year": "2025", "quarter": "4"}, ("quarter", "", "2025", "4", "", "")),
        ({"period": "year", "year": "2025"}, ("year", "", "2025", "", "", "")),
        (
            {"period": "custom", "start": "2026-01-05", "end": "2026-02-10"},
            ("custom", "", "", "", "2026-01-05", "2026-02-10"),
        ),
    ],
)
def test_the_period_inputs_show_the_period_shown(client, office_staff, query, shown):
    client.force_login(office_staff)
    inputs = _period_inputs(client.get(reverse("stats:dashboard"), query).content.decode())
    assert tuple(inputs[name] for name in ("period", "month", "year", "quarter", "start", "end")) == shown


def test_a_bare_dashboard_fills_the_period_inputs_with_this_month(client, office_staff):
    # given the office opens the dashboard with no query: it shows this month
    client.force_login(office_staff)
    today = timezone.localdate()
    html = client.get(reverse("stats:dashboard")).content.decode()
    # then the month and the year inputs say which month that is
    assert _period_inputs(html) == {
        "period": "month", "month": f"{today:%Y-%m}", "year": str(today.year), "quarter": "", "start": "", "end": "",
    }  # fmt: skip
    assert f'<small class="text-muted" id="period-label">{today.year}年{today.month:02d}月</small>' in html


def test_the_to_date_period_runs_from_the_first_record_to_today(client, office_staff, history):
    # given the first record is p7, received 2025-12-20
    client.force_login(office_staff)
    today = timezone.localdate()
    query = {"period": "to_date"}
    body = client.get("/api/v1/stats/summary/", query).json()
    assert body["period"] == {
        "start": "2025-12-20",
        "end": today.isoformat(),
        "label": f"累计（2025-12-20 至 {today:%Y-%m-%d}）",
    }
    # every counted petition ever received: p1 p2 p3 p4 p7 p8 p9 (spam p5 and merged p6 left out)
    assert body["collected"] == 7
    assert (body["solved"], body["households"], body["projects"]) == (3, 10, 1)
    page = client.get(reverse("stats:dashboard"), query)
    assert shown_figures(page.content.decode())["collected"] == "7"
    assert _period_inputs(page.content.decode())["period"] == "to_date"
    # the list behind the figure, the export and the API agree
    listed = client.get(reverse("stats:cases", args=["collected"]), query)
    assert listed.context["count"] == 7
    export = client.get(reverse("stats:export", args=["csv"]), query)
    assert export["Content-Disposition"] == f'attachment; filename="stats-20251220-{today:%Y%m%d}.csv"'
    assert "累计（2025-12-20" in export.content.decode("utf-8-sig")


def test_to_date_before_any_record_is_today(client, office_staff):
    client.force_login(office_staff)
    today = timezone.localdate().isoformat()
    body = client.get("/api/v1/stats/summary/", {"period": "to_date"}).json()
    assert (body["period"]["start"], body["period"]["end"], body["collected"]) == (today, today, 0)


def test_a_custom_range_longer_than_five_years_is_refused_with_a_reason(client, office_staff, history):
    client.force_login(office_staff)
    too_long = {"period": "custom", "start": "2020-01-01", "end": "2026-01-31"}
    page = client.get(reverse("stats:dashboard"), too_long)
    assert page.status_code == 200
    assert "自定义周期最长五年，更长的时段请选择“累计”。" in page.content.decode()
    # five years exactly is fine, and spans the whole history
    five = client.get("/api/v1/stats/summary/", {"period": "custom", "start": "2021-02-01", "end": "2026-01-31"})
    assert five.json()["period"]["start"] == "2021-02-01"
    assert five.json()["collected"] == 7


def test_a_custom_range_counts_whole_months_and_edge_days(client, office_staff, history):
    # 2025-12-25 .. 2026-01-31: December's edge days hold no receipt (p7 came on 12-20) but p7's
    # rating of 12-28; January adds its six received, five handled, three rated
    client.force_login(office_staff)
    body = client.get("/api/v1/stats/summary/", {"period": "custom", "start": "2025-12-25", "end": "2026-01-31"}).json()
    assert (body["collected"], body["handled"], body["rated"]) == (6, 5, 4)
    export = client.get(
        reverse("stats:export", args=["xlsx"]), {"period": "custom", "start": "2025-12-25", "end": "2026-01-31"}
    )
    assert export["Content-Disposition"] == 'attachment; filename="stats-20251225-20260131.xlsx"'
