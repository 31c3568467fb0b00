"""A small history for the topic candidates: hand-countable words, places, workstations and
sectors over 2026 and 2025 (tests/stats/test_candidates.py, tests/e2e/test_topics.py)."""

from types import SimpleNamespace

import pytest

from petitions.choices import Status
from stats.services_candidates import petition_words_backfill
from tests import factories
from tests.stats.conftest import at, make_petition
from workstations.choices import Level


@pytest.fixture
def raised(db):
    """2026: noise at the river bank twice (Xiliuwan, under the district), water cut twice (one at
    Xiliuwan on 人民路, one at Luoxi with no place), one unassigned water cut at Luoxi; spam and a
    merged duplicate that never count. 2025: the river bank's noise once."""
    district = factories.WorkstationFactory(code="heshan", name="赫山区委员工作室", level=Level.COUNTY)
    a = factories.WorkstationFactory(code="xiliuwan", name="西流湾社区委员工作室", parent=district)
    b = factories.WorkstationFactory(code="luoxi", name="罗溪社区委员工作室")
    noise = factories.CategoryFactory(code="noise", name="噪音")
    water = factories.CategoryFactory(code="water", name="供水")
    economy = factories.SectorFactory(name="经济界")
    education = factories.SectorFactory(name="教育界")
    m_a = factories.MemberFactory(user__username="wang", sector=economy, workstations=[a])
    m_b = factories.MemberFactory(user__username="li", sector=education, workstations=[b])
    noisy = "河堤广场晚上音响太吵，老人孩子睡不着。"
    p = {
        "a1": make_petition(created=at(1, 5, 10), workstation=a, category=noise, member=m_a, content=noisy,
                            location="河堤广场"),
        "a2": make_petition(created=at(3, 10, 9), workstation=a, category=noise, member=m_a,
                            content="河堤广场跳广场舞的音响扰民，请联系13912345678。", location="河堤广场"),
        "a3": make_petition(created=at(5, 2, 9), workstation=a, category=water, member=m_a,
                            content="人民路停水三天了。", location="人民路"),
        "b1": make_petition(created=at(6, 1, 9), workstation=b, category=water, member=m_b,
                            content="罗溪停水，水压也低。", location=""),
        "b2": make_petition(created=at(7, 1, 9), workstation=b, category=water, content="又停水了。"),
        "spam": make_petition(created=at(1, 6, 9), workstation=a, category=noise, member=m_a, content=noisy,
                              location="河堤广场", status=Status.SPAM),
        "old": make_petition(created=at(4, 1, 9, year=2025), workstation=a, category=noise, member=m_a,
                             content=noisy, location="河堤广场"),
    }  # fmt: skip
    p["dup"] = make_petition(
        created=at(1, 7, 9), workstation=a, category=noise, member=m_a, content=noisy, location="河堤广场",
        status=Status.MERGED, merged_into=p["a1"],
    )  # fmt: skip
    petition_words_backfill()
    return SimpleNamespace(district=district, a=a, b=b, noise=noise, water=water, economy=economy,
                           education=education, p=p)  # fmt: skip
