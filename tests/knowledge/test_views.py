import pytest
from django.urls import reverse

from knowledge.models import Entry
from tests import factories

pytestmark = pytest.mark.django_db


def test_office_staff_add_an_entry_and_members_find_it(client, office_staff, member):
    category = factories.CategoryFactory(name="供水")
    client.force_login(office_staff)
    response = client.post(
        reverse("knowledge:new"),
        {
            "category": category.pk,
            "title": "停水通知查询",
            "question": "为什么停水？",
            "answer": "计划停水会提前24小时在小区公告。",
            "policy_basis": "《城市供水条例》第二十二条",
        },
    )
    assert response.status_code == 302
    assert Entry.objects.get().updated_by == office_staff
    client.force_login(member.user)
    page = client.get(reverse("knowledge:list"), {"q": "停水"}).content.decode()
    assert "计划停水会提前24小时在小区公告。" in page
    assert reverse("knowledge:new") not in page


def test_members_cannot_edit_the_knowledge_base(client, member):
    client.force_login(member.user)
    assert client.get(reverse("knowledge:new")).status_code == 404
    assert client.post(reverse("knowledge:new"), {"title": "x"}).status_code == 404
    assert Entry.objects.count() == 0


def test_entry_without_policy_is_refused_with_a_field_error(client, office_staff):
    client.force_login(office_staff)
    response = client.post(
        reverse("knowledge:new"),
        {"category": factories.CategoryFactory().pk, "title": "t", "question": "q", "answer": "a", "policy_basis": ""},
    )
    assert response.status_code == 200
    assert "该字段是必填项。" in response.content.decode()
    assert Entry.objects.count() == 0
