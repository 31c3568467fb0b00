"""Hot words: the office's own names segment whole (西流湾, not 西流 | 湾), and stop words
(社区, 尽快, filler) never rank."""

import pytest

from stats.segment import stop_words, vocabulary_from, words_of
from stats.selectors import rising_words
from tests import factories
from tests.stats.conftest import at, make_petition, period

pytestmark = pytest.mark.django_db

RECENT = [
    "西流湾社区河堤广场每天晚上跳广场舞，音响太吵，希望尽快处理。",
    "我住在西流湾，河堤广场的音响吵到十一点，老人孩子睡不着。",
    "西流湾路口的路灯坏了好几天，社区说要找城管局，麻烦尽快修。",
    "会龙山街道罗溪社区垃圾清运不及时，夏天气味很大，请尽快解决。",
    "西流湾河堤广场音响扰民，反映多次了，希望有关部门尽快处理。",
]


def test_the_office_names_are_whole_words_and_stop_words_are_dropped():
    vocabulary = vocabulary_from(
        names=["西流湾社区委员工作室", "罗溪社区委员工作室", "城管局"],
        addresses=["会龙山街道西流湾社区居委会二楼"],
    )
    words = set().union(*(words_of(text, vocabulary=vocabulary) for text in RECENT))
    assert {"西流湾", "会龙山", "罗溪", "河堤", "音响", "路灯", "城管局"} <= words
    assert not {"西流", "龙山", "社区", "尽快", "希望", "麻烦", "有关", "部门", "几天", "十一点"} & words
    # without the dictionary jieba cuts the place name, which is what the user dictionary fixes
    assert "西流" in words_of(RECENT[1], vocabulary=frozenset())


def test_the_stop_word_list_is_a_file_in_the_repository():
    assert {"社区", "尽快", "希望", "麻烦"} <= stop_words()
    assert "" not in stop_words()
    assert not any(word.startswith("#") for word in stop_words())


def test_rising_words_use_the_workstations_departments_and_categories_of_the_database():
    # given the office's workstation, department and category, and realistic recent petitions
    ws = factories.WorkstationFactory(name="西流湾社区委员工作室", address="会龙山街道西流湾社区居委会二楼")
    factories.DepartmentFactory(name="城管局")
    category = factories.CategoryFactory(name="环境噪音")
    for day, text in enumerate(RECENT * 2, start=3):
        make_petition(created=at(1, day, 9), workstation=ws, category=category, content=text)
    # when the hot words are read
    words = [row["word"] for row in rising_words(period())]
    # then the place is one word, and no fragment or filler ranks
    assert "西流湾" in words
    assert "河堤" in words
    assert "音响" in words
    assert not {"西流", "湾", "社区", "尽快", "希望", "处理"} & set(words)


def test_rising_words_read_the_words_stored_per_petition_and_segment_only_the_rest():
    # given recent petitions, half of them already segmented by the sweep (stats.models.PetitionWord)
    from stats.models import PetitionWord

    ws = factories.WorkstationFactory(name="西流湾社区委员工作室")
    category = factories.CategoryFactory(name="环境噪音")
    stored = [
        make_petition(created=at(1, 3 + n, 9), workstation=ws, category=category, content="与词无关") for n in range(3)
    ]
    for petition in stored:
        PetitionWord.objects.create(petition=petition, word="音响")
    for n in range(3):
        make_petition(created=at(1, 10 + n, 9), workstation=ws, category=category, content="路灯坏了好几天")
    # when the hot words are read
    rows = {row["word"]: row["recent"] for row in rising_words(period())}
    # then the stored words count for their petitions, and the others are segmented from their text
    assert rows["音响"] == 3
    assert rows["路灯"] == 3
    assert "无关" not in rows
