"""Imported cases of every track count in every figure of their period, and appear in the case
list behind each figure (SPEC "Statistics, defined once"; stats.selectors.figures)."""

import datetime

import pytest
from django.urls import reverse

from history.services import batch_check, batch_import
from petitions.models import Petition
from stats import selectors
from stats.filters import StatsFilter
from stats.models import MonthlyFigure
from tests.history.conftest import row, xlsx

pytestmark = pytest.mark.django_db

MARCH_2015 = StatsFilter(start=datetime.date(2015, 3, 1), end=datetime.date(2015, 3, 31))
APRIL_2015 = StatsFilter(start=datetime.date(2015, 4, 1), end=datetime.date(2015, 4, 30))

T4 = {"track": "提交建议", "department": "市住建局"}
# One row per case; all received 2015-03-08 and closed 2015-03-20 unless said.
ROWS = {
    "explained": row(content="一 解释", track="解释说明", outcome="已解释说明", households_helped=None),
    "answered-solved": row(content="二 答复解决", households_helped=2),
    "consulted-solved": row(content="三 咨询解决", track="咨询后答复", department="市住建局", households_helped=1),
    "proposal-project": row(content="四 民生工程", **T4, proposal_title="修通背街小巷", livelihood_project="是",
                            households_helped=3),
    "proposal-replied": row(content="五 建议已答复", **T4, proposal_title="增设路灯", status="已答复", outcome="",
                            households_helped=None),
    "proposal-not-solved": row(content="六 建议未解决", **T4, proposal_title="改造管网", livelihood_project="是",
                               outcome="未解决", households_helped=None),
    "proposal-untitled": row(content="七 建议无标题", **T4, households_helped=None),
    "proposal-april": row(content="八 四月办结", **T4, proposal_title="改造供水", livelihood_project="是",
                          closed_date=datetime.date(2015, 4, 2), households_helped=4),
}  # fmt: skip


@pytest.fixture
def imported(lookups):
    check = batch_check(data=xlsx(list(ROWS.values())), file_name="tracks.xlsx")
    assert check.batch.refusals == []
    batch_import(check=check)
    return {key: Petition.objects.get(content=values["content"]) for key, values in ROWS.items()}


def _keys(petitions, imported) -> set[str]:
    by_pk = {p.pk: key for key, p in imported.items()}
    return {by_pk[p.pk] for p in petitions}


def test_each_track_counts_in_each_figure_of_its_month(imported):
    # the finished month is read from the rebuilt table, the same numbers as counted live
    assert MonthlyFigure.objects.filter(month=datetime.date(2015, 3, 1)).exists()
    march = selectors.summary(MARCH_2015)
    # collected: all eight received in March; handled: tracks 1-3 replied, and track 4 with a
    # proposal title (not the untitled one), on the closed date (the April one in April);
    # solved and households: closed "solved"; projects: livelihood, titled, solved
    assert (march["collected"], march["handled"], march["solved"], march["households"], march["projects"]) == (
        8, 6, 4, 6, 1,
    )  # fmt: skip
    april = selectors.summary(APRIL_2015)
    assert (april["collected"], april["handled"], april["solved"], april["households"], april["projects"]) == (
        0, 1, 1, 4, 1,
    )  # fmt: skip


def test_each_figure_lists_the_imported_cases_it_counts(imported, office_staff):
    def cases(figure, f=MARCH_2015):
        return _keys(selectors.petition_cases(figure=figure, f=f, user=office_staff), imported)

    assert cases("collected") == set(ROWS)
    assert cases("handled") == {
        "explained", "answered-solved", "consulted-solved", "proposal-project", "proposal-replied",
        "proposal-not-solved",
    }  # fmt: skip
    assert cases("solved") == cases("households") == {
        "answered-solved", "consulted-solved", "proposal-project", "proposal-untitled",
    }  # fmt: skip
    assert cases("handled", APRIL_2015) == cases("solved", APRIL_2015) == {"proposal-april"}
    assert list(selectors.proposal_cases(figure="projects", f=MARCH_2015)) == []
    projects = selectors.imported_project_cases(f=MARCH_2015, user=office_staff)
    assert _keys(projects, imported) == {"proposal-project"}


def test_the_projects_case_page_shows_the_imported_project(client, imported, office_staff):
    client.force_login(office_staff)
    response = client.get(reverse("stats:cases", args=["projects"]), {"period": "month", "month": "2015-03"})
    page = response.content.decode()
    assert "共 1 件" in page
    assert "修通背街小巷" in page
    assert "改造管网" not in page


def test_to_date_counts_every_imported_case(imported):
    to_date = selectors.summary(StatsFilter(start=datetime.date(2015, 1, 1), end=datetime.date.today()))
    assert (to_date["collected"], to_date["handled"], to_date["solved"], to_date["households"]) == (8, 7, 5, 10)
    assert to_date["projects"] == 2


def test_a_livelihood_project_needs_a_proposal_title(lookups):
    check = batch_check(data=xlsx([row(**T4, livelihood_project="是")]), file_name="t.xlsx")
    assert check.batch.refusals == [[2, "民生工程", "民生工程须同时填写建议标题。"]]
