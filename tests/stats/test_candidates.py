"""Topic candidates (/dashboard/topics/): what citizens raised most in a year, by category, word,
place, workstation and sector, beside the year before; every count equals the list it opens, read
live or from the monthly tables; the evidence pack carries no personal data."""

import io
import re
from dataclasses import replace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from stats.filters import PeriodKind, StatsFilter
from stats.models import BuiltCandidateMonth, CandidateMonth, PetitionWord
from stats.selectors import workstation_tree
from stats.selectors.candidates import DIMENSIONS, candidate_cases, candidates, previous_year
from stats.services_candidates import candidate_months_refresh, candidates_sweep
from tests import factories
from tests.stats.candidates_data import raised  # noqa: F401 - the fixture
from tests.stats.conftest import at, make_petition

pytestmark = pytest.mark.django_db

YEAR_2026 = StatsFilter(start=at(1, 1).date(), end=at(12, 31).date(), kind=PeriodKind.YEAR)
YEAR = {"period": "year", "year": "2026"}


def _rows(f=YEAR_2026):
    tree, _ordered = workstation_tree()
    return candidates(f, tree=tree)["rows"]


def _by_key(rows, dimension):
    return {row["key"]: (row["count"], row["previous"]) for row in rows[dimension]}


def test_each_dimension_counts_what_citizens_raised_beside_the_year_before(raised):  # noqa: F811
    rows = _rows()
    assert _by_key(rows, "category") == {raised.water.pk: (3, 0), raised.noise.pk: (2, 1)}
    assert _by_key(rows, "sector") == {raised.economy.pk: (3, 1), raised.education.pk: (1, 0)}
    # a district counts what is beneath it
    assert _by_key(rows, "workstation") == {raised.district.pk: (3, 1), raised.a.pk: (3, 1), raised.b.pk: (2, 0)}
    assert _by_key(rows, "place") == {"河堤广场": (2, 1), "人民路": (1, 0)}
    words = _by_key(rows, "word")
    assert words["停水"] == (3, 0)
    assert words["音响"] == (2, 1)
    assert words["河堤"] == (2, 1)
    noise = next(row for row in rows["category"] if row["key"] == raised.noise.pk)
    assert (noise["label"], noise["change"], noise["change_rate"]) == ("噪音", 1, 100.0)


@pytest.mark.parametrize("built", [False, True], ids=["live", "monthly-table"])
def test_every_count_equals_the_cases_it_opens(raised, office_staff, built):  # noqa: F811
    # given the finished months built into the tables (or not: the same counts, live)
    if built:
        months = [at(m, 1).date() for m in range(1, 13)] + [at(m, 1, year=2025).date() for m in range(1, 13)]
        candidate_months_refresh(months=months)
        assert CandidateMonth.objects.exists()
    tree, _ordered = workstation_tree()
    rows = _rows()
    assert set(rows) == set(DIMENSIONS)
    for dimension, found in rows.items():
        assert found, dimension
        for row in found:
            cases = candidate_cases(f=YEAR_2026, dimension=dimension, value=row["key"], tree=tree, user=office_staff)
            assert cases.count() == row["count"], (dimension, row["label"])
            before = candidate_cases(
                f=previous_year(YEAR_2026), dimension=dimension, value=row["key"], tree=tree, user=office_staff
            )
            assert before.count() == row["previous"], (dimension, row["label"])
    assert raised.p["spam"] not in candidate_cases(
        f=YEAR_2026, dimension="place", value="河堤广场", tree=tree, user=office_staff
    )


@pytest.mark.parametrize("narrow", ["sector", "workstation", "category", "channel", "custom"])
def test_under_a_filter_every_count_still_equals_its_cases(raised, office_staff, narrow):  # noqa: F811
    # given the tables built, and a filter some of which the tables keep (workstation, category)
    # and some they do not (sector, channel: counted live)
    candidates_sweep()
    f = {
        "sector": replace(YEAR_2026, sector_id=raised.economy.pk),
        "workstation": replace(YEAR_2026, workstation_ids=frozenset({raised.b.pk})),
        "category": replace(YEAR_2026, category_id=raised.water.pk),
        "channel": replace(YEAR_2026, channel=raised.p["a1"].channel),
        # most of January and of June (read from the table less the days outside), part of March
        "custom": YEAR_2026.with_period(at(1, 6).date(), at(6, 20).date()),
    }[narrow]
    tree, _ordered = workstation_tree()
    rows = candidates(f, tree=tree)["rows"]
    assert any(rows.values())
    for dimension, found in rows.items():
        for row in found:
            cases = candidate_cases(f=f, dimension=dimension, value=row["key"], tree=tree, user=office_staff)
            assert cases.count() == row["count"], (narrow, dimension, row["label"])
            before = candidate_cases(
                f=previous_year(f), dimension=dimension, value=row["key"], tree=tree, user=office_staff
            )
            assert before.count() == row["previous"], (narrow, dimension, row["label"])


def shown_count(response) -> int:
    return int(re.search(r'id="case-count">共 (\d+) 件', response.content.decode()).group(1))


def test_each_count_on_the_page_links_to_a_list_of_that_many_cases(client, office_staff, raised):  # noqa: F811
    client.force_login(office_staff)
    page = client.get(reverse("stats:topics"))
    assert page.status_code == 200
    # a year by default: a research topic is yearly
    assert page.context["f"].kind == PeriodKind.YEAR
    html = page.content.decode()
    links = re.findall(r'class="candidate-count" href="([^"]+)">(\d+)</a>', html)
    assert len(links) == sum(len(s["rows"]) for s in page.context["sections"])
    for href, count in links:
        listed = client.get(href.replace("&amp;", "&"))
        assert listed.status_code == 200
        assert shown_count(listed) == int(count), href
    previous = re.findall(r'class="candidate-previous" href="([^"]+)">(\d+)</a>', html)
    assert previous
    for href, count in previous:
        assert shown_count(client.get(href.replace("&amp;", "&"))) == int(count), href


def test_the_dashboards_own_list_agrees_for_category_sector_and_workstation(client, office_staff, raised):  # noqa: F811
    client.force_login(office_staff)
    rows = _rows()
    for dimension, param in (("category", "category"), ("sector", "sector"), ("workstation", "workstation")):
        for row in rows[dimension]:
            listed = client.get(reverse("stats:cases", args=["collected"]), {**YEAR, param: row["key"]})
            assert listed.context["count"] == row["count"], (dimension, row["label"])


def test_a_liaison_officer_sees_only_their_workstations(client, raised):  # noqa: F811
    officer = factories.UserFactory(username="liaison-b", roles=[Role.LIAISON_OFFICER])
    raised.b.liaison_officers.add(officer)
    client.force_login(officer)
    page = client.get(reverse("stats:topics"), YEAR)
    assert page.status_code == 200
    sections = {s["dimension"]: s["rows"] for s in page.context["sections"]}
    assert {row["key"]: row["count"] for row in sections["workstation"]} == {raised.b.pk: 2}
    assert {row["key"]: row["count"] for row in sections["category"]} == {raised.water.pk: 2}
    assert "河堤广场" not in {row["key"] for row in sections["place"]}
    # another workstation's cases stay closed to them, however the link is written
    other = client.get(reverse("stats:topic_cases"), {**YEAR, "dim": "workstation", "value": raised.a.pk})
    assert shown_count(other) == 0


@pytest.mark.parametrize("role", [None, Role.MEMBER, Role.DEPARTMENT_HANDLER])
def test_people_without_statistics_cannot_open_the_candidates(client, raised, role):  # noqa: F811
    if role:
        client.force_login(factories.UserFactory(username=f"u-{role}", roles=[role]))
    for name in ("stats:topics", "stats:topic_cases", "stats:topic_export", "stats:topic_summary"):
        response = client.get(reverse(name), {**YEAR, "dim": "word", "value": "停水"})
        assert response.status_code == (302 if role is None else 403), name


def test_a_malformed_candidate_is_not_found(client, office_staff, raised):  # noqa: F811
    client.force_login(office_staff)
    for params in ({"dim": "address", "value": "x"}, {"dim": "category", "value": "abc"}, {"dim": "word"}):
        assert client.get(reverse("stats:topic_cases"), {**YEAR, **params}).status_code == 404


def test_the_page_reads_a_fixed_number_of_queries(client, office_staff, raised, django_assert_max_num_queries):  # noqa: F811
    client.force_login(office_staff)
    candidates_sweep()  # the finished months built, as the beat keeps them
    client.get(reverse("stats:topics"), YEAR)  # warm the session, the hot words' cache
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("stats:topics"), YEAR)
    # twenty more petitions in more places and words: the same number of queries
    for n in range(20):
        make_petition(created=at(8, 1 + n, 9), workstation=raised.b, category=raised.noise,
                      content=f"第{n}号楼电梯坏了", location=f"团圆路{n}号")  # fmt: skip
    candidates_sweep()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("stats:topics"), YEAR)


def test_the_cases_behind_a_candidate_never_read_the_contact_columns(raised, office_staff):  # noqa: F811
    tree, _ordered = workstation_tree()
    cases = candidate_cases(f=YEAR_2026, dimension="word", value="音响", tree=tree, user=office_staff)
    sql = str(cases.query)
    assert "citizen_" not in sql


def test_the_case_list_masks_numbers_typed_into_the_text(client, office_staff, raised):  # noqa: F811
    client.force_login(office_staff)
    html = client.get(reverse("stats:topic_cases"), {**YEAR, "dim": "word", "value": "音响"}).content.decode()
    assert "139****5678" in html
    assert "13912345678" not in html
    assert "张三" not in html


def test_the_evidence_pack_has_the_cases_and_no_personal_data(client, office_staff, raised):  # noqa: F811
    client.force_login(office_staff)
    response = client.get(reverse("stats:topic_export"), {**YEAR, "dim": "place", "value": "河堤广场"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["诉求清单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("查询码", "收到日期", "工作室", "类别", "发生地点", "状态", "诉求内容")
    cases = rows[2:]
    assert [row[0] for row in cases] == [raised.p["a2"].display_code, raised.p["a1"].display_code]
    assert cases[0][1:5] == ("2026-03-10", "西流湾社区委员工作室", "噪音", "河堤广场")
    # the mobile number a citizen typed into the text is masked; name and phone fields never appear
    assert cases[0][6] == "河堤广场跳广场舞的音响扰民，请联系139****5678。"
    text = repr(rows)
    assert "13912345678" not in text
    assert "13800138000" not in text
    assert "张三" not in text


def test_the_printable_summary_counts_against_the_year_before(client, office_staff, raised):  # noqa: F811
    client.force_login(office_staff)
    response = client.get(reverse("stats:topic_summary"), {**YEAR, "dim": "word", "value": "音响"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "本期收集相关诉求2件。上年同期1件，增加1件。" in re.sub(r"\s+", "", html)
    assert response.context["chart_data"]["months"]["this"] == [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert response.context["chart_data"]["months"]["previous"] == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert "13912345678" not in html
    assert "张三" not in html


def test_new_petitions_are_segmented_by_the_sweep_and_their_month_rebuilt(raised):  # noqa: F811
    # given every month built
    candidates_sweep()
    assert BuiltCandidateMonth.objects.filter(month=at(1, 1).date()).exists()
    # when a petition comes in (intake writes no words) and the sweep runs
    late = make_petition(created=at(2, 3, 9), workstation=raised.a, category=raised.noise, content="河堤广场音响又响了")
    assert not PetitionWord.objects.filter(petition=late).exists()
    candidates_sweep()
    # then its words are there and February counts it from the table
    assert set(PetitionWord.objects.filter(petition=late).values_list("word", flat=True)) >= {"音响", "河堤"}
    assert _by_key(_rows(), "word")["音响"] == (3, 1)


def test_a_case_list_reads_a_fixed_number_of_queries(client, office_staff, raised, django_assert_max_num_queries):  # noqa: F811
    client.force_login(office_staff)
    params = {**YEAR, "dim": "category", "value": raised.noise.pk}
    client.get(reverse("stats:topic_cases"), params)
    with django_assert_max_num_queries(30) as few:
        first = client.get(reverse("stats:topic_cases"), params)
    assert shown_count(first) == 2
    for n in range(20):
        make_petition(created=at(9, 1 + n, 9), workstation=raised.b, category=raised.noise, content=f"噪音{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert shown_count(client.get(reverse("stats:topic_cases"), params)) == 22


def test_to_date_has_no_year_before_and_its_counts_still_open_their_cases(client, office_staff, raised):  # noqa: F811
    client.force_login(office_staff)
    page = client.get(reverse("stats:topics"), {"period": "to_date"})
    assert page.status_code == 200
    assert page.context["previous"] is None
    places = next(s for s in page.context["sections"] if s["dimension"] == "place")["rows"]
    # 2025 and 2026 together: the river bank three times
    assert [(r["label"], r["count"], r["previous"]) for r in places] == [("河堤广场", 3, None), ("人民路", 1, None)]
    listed = client.get(reverse("stats:topic_cases"), {"period": "to_date", "dim": "place", "value": "河堤广场"})
    assert shown_count(listed) == 3
