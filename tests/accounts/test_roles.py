import pytest
from django.contrib.auth.models import Group

from accounts.roles import ROLE_PERMISSIONS, role_group_name


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLE_PERMISSIONS), ids=str)
def test_each_role_group_holds_exactly_its_permissions_after_migrate(role):
    group = Group.objects.get(name=role_group_name(role))

    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}

    assert held == set(ROLE_PERMISSIONS[role])
