import pytest
from django.contrib.auth.models import Group

from accounts.roles import ROLE_PERMISSIONS, role_group_name


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLE_PERMISSIONS), ids=str)
def test_each_role_group_holds_exactly_its_permissions_after_migrate(role):
    group = Group.objects.get(name=role_group_name(role))

    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}

    assert held == set(ROLE_PERMISSIONS[role])


@pytest.mark.django_db
def test_a_permission_an_administrator_added_survives_the_next_migrate_and_a_removed_one_comes_back():
    # given the reviewers' group, to which an administrator added a permission and from which one
    # of the code's permissions was removed
    from django.contrib.auth.models import Permission

    from accounts.roles import Role, roles_sync_after_migrate

    group = Group.objects.get(name=role_group_name(Role.REVIEWER))
    added = Permission.objects.get(content_type__app_label="petitions", codename="view_statistics")
    group.permissions.add(added)
    group.permissions.remove(Permission.objects.get(content_type__app_label="proposals", codename="review_proposal"))

    # when migrate runs again (its post_migrate hook)
    roles_sync_after_migrate(sender=None)

    # then the group holds the code's permissions and the administrator's one
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert held == {*ROLE_PERMISSIONS[Role.REVIEWER], "petitions.view_statistics"}


@pytest.mark.django_db
def test_roles_diff_shows_what_the_database_holds_beyond_or_short_of_the_code():
    # given an administrator's extra permission for office staff and a member group missing one
    from io import StringIO

    from django.contrib.auth.models import Permission
    from django.core.management import call_command

    from accounts.roles import Role

    Group.objects.get(name=role_group_name(Role.OFFICE_STAFF)).permissions.add(
        Permission.objects.get(content_type__app_label="petitions", codename="mark_spam")
    )
    Group.objects.get(name=role_group_name(Role.MEMBER)).permissions.remove(
        Permission.objects.get(content_type__app_label="proposals", codename="draft_proposal")
    )

    # when the command runs
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("roles_diff", "--check", stdout=out)

    # then it names both differences, says the other roles match, and fails the check
    assert exit_info.value.code == 1
    assert out.getvalue().splitlines() == [
        "联络员 (liaison_officer): as in the code",
        "政协委员 (member):",
        "  - proposals.draft_proposal  (in the code, missing from the group)",
        "审核人员 (reviewer): as in the code",
        "部门办理人员 (department_handler): as in the code",
        "办公室工作人员 (office_staff):",
        "  + petitions.mark_spam  (added to the group, not in the code)",
    ]


@pytest.mark.django_db
def test_roles_diff_check_passes_when_the_groups_match_the_code():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("roles_diff", "--check", stdout=out)
    assert out.getvalue().count("as in the code") == len(ROLE_PERMISSIONS)
