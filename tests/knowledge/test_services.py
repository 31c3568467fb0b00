import pytest

from knowledge.selectors import entry_search
from knowledge.services import entry_create, entry_update
from petitions.workflow import ActionNotAllowed
from tests import factories

pytestmark = pytest.mark.django_db


def test_office_staff_keep_entries_and_search_finds_them(office_staff):
    category = factories.CategoryFactory(name="噪音")
    entry = entry_create(
        user=office_staff,
        category=category,
        title="夜间施工噪音",
        question="晚上施工太吵怎么办？",
        answer="夜间施工须取得许可。",
        policy_basis="《噪声污染防治法》第四十三条",
    )
    assert list(entry_search(query="施工 许可")) == [entry]
    assert list(entry_search(query="供水")) == []
    entry_update(user=office_staff, entry=entry, is_active=False)
    assert list(entry_search(query="施工")) == []


def test_a_member_cannot_keep_the_knowledge_base(member):
    with pytest.raises(ActionNotAllowed, match="只有办公室工作人员可以维护知识库。"):
        entry_create(
            user=member.user,
            category=factories.CategoryFactory(),
            title="t",
            question="q",
            answer="a",
            policy_basis="p",
        )
    from knowledge.models import Entry

    assert Entry.objects.count() == 0


def test_search_with_sql_wildcards_finds_nothing_extra(office_staff):
    factories.KnowledgeEntryFactory()
    assert list(entry_search(query="%")) == []
    assert list(entry_search(query="' OR 1=1--")) == []
