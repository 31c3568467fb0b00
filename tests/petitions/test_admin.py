"""The admin asks the pages' rule about the citizen's contact data: only those handling a case see
it (petitions.permissions.can_see_citizen_contact), everyone else gets pages without it and no
search, filter or row that reaches it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from petitions.models import Petition, PetitionPhoto
from tests import factories

pytestmark = pytest.mark.django_db

NAME = "欧阳晓明"
PHONE = "13987654321"
ADDRESS = "赫山区桃花仑路88号3栋"
COMMENT = "感谢刘主任上门"
CONTACT = (NAME, PHONE, ADDRESS)


@pytest.fixture
def case(workstation):
    member = factories.MemberFactory(user__username="assigned", user__is_staff=True, workstations=[workstation])
    petition = factories.PetitionFactory(
        workstation=workstation,
        assigned_member=member,
        status="closed",
        outcome="resolved",
        satisfaction="satisfied",
        satisfaction_comment=COMMENT,
        citizen_name=NAME,
        citizen_phone=PHONE,
        citizen_address=ADDRESS,
    )
    factories.PetitionEventFactory(petition=petition, message="已受理")
    PetitionPhoto.objects.create(
        petition=petition,
        image=SimpleUploadedFile("street.jpg", b"\xff\xd8\xff-a-photo", content_type="image/jpeg"),
        content_type="image/jpeg",
        width=64,
        height=48,
        size=13,
    )
    return petition


def _staff(username, roles, **extra):
    return factories.UserFactory(username=username, roles=roles, is_staff=True, **extra)


@pytest.fixture
def users(case, other_workstation):
    own_liaison = _staff("own-liaison", [Role.LIAISON_OFFICER])
    case.workstation.liaison_officers.add(own_liaison)
    other_liaison = _staff("other-liaison", [Role.LIAISON_OFFICER])
    other_workstation.liaison_officers.add(other_liaison)
    return {
        "office_staff": _staff("office", [Role.OFFICE_STAFF]),
        "reviewer": _staff("reviewer", [Role.REVIEWER]),
        "other_liaison": other_liaison,
        "superuser": _staff("root", [], is_superuser=True),
        "own_liaison": own_liaison,
        "assigned_member": case.assigned_member.user,
    }


CHANGELIST = reverse("admin:petitions_petition_changelist")


def _change(case):
    return reverse("admin:petitions_petition_change", args=[case.pk])


def _history(case):
    return reverse("admin:petitions_petition_history", args=[case.pk])


def _present(html: str, *strings) -> list[str]:
    return [s for s in strings if s in html]


@pytest.mark.parametrize("who", ["office_staff", "reviewer", "superuser"])
def test_staff_who_do_not_handle_the_case_see_it_without_the_citizen(client, case, users, who):
    # given: staff who may see the case but do not handle it
    client.force_login(users[who])

    # when: they open the list, the case and its history
    listing = client.get(CHANGELIST)
    change = client.get(_change(case))
    history = client.get(_history(case))

    # then: the case is there, the citizen's contact data, the rating's comment and photos are not
    assert (listing.status_code, change.status_code, history.status_code) == (200, 200, 200)
    assert case.display_code in listing.content.decode()
    assert case.content in change.content.decode()
    for page in (listing, change, history):
        assert _present(page.content.decode(), *CONTACT, COMMENT, "street", "/photos/") == []
    assert {"citizen_name", "citizen_phone", "citizen_address", "satisfaction_comment"}.isdisjoint(
        change.context["adminform"].form.fields
    )


def test_another_workstations_liaison_officer_does_not_see_the_case_at_all(client, case, users):
    client.force_login(users["other_liaison"])

    listing = client.get(CHANGELIST)
    change = client.get(_change(case), follow=True)

    assert listing.context["cl"].result_count == 0
    assert case.display_code not in listing.content.decode()
    # The admin answers an invisible row as a missing one: back to the index with a message.
    assert change.redirect_chain == [(reverse("admin:index"), 302)]
    assert _present(change.content.decode(), *CONTACT, case.content) == []


@pytest.mark.parametrize("who", ["office_staff", "reviewer", "other_liaison", "superuser", "own_liaison"])
@pytest.mark.parametrize("term", CONTACT)
def test_searching_by_the_citizens_contact_finds_no_case(client, case, users, who, term):
    client.force_login(users[who])

    response = client.get(CHANGELIST, {"q": term})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
    assert case.display_code not in response.content.decode()


@pytest.mark.parametrize("who", ["office_staff", "own_liaison"])
@pytest.mark.parametrize(
    "lookup",
    ["citizen_phone", "citizen_phone__startswith", "citizen_name__contains", "citizen_address", "satisfaction_comment"],
)
def test_a_url_filter_on_the_citizens_contact_is_refused(client, case, users, who, lookup):
    # The admin would otherwise filter on any local field given in the URL (?citizen_phone=...).
    client.force_login(users[who])
    value = {"citizen_phone": PHONE, "citizen_phone__startswith": "139", "citizen_address": ADDRESS}.get(lookup, "欧")

    response = client.get(CHANGELIST, {lookup: value})

    assert response.status_code == 400
    assert case.display_code not in response.content.decode()


@pytest.mark.parametrize("lookup", ["petition__citizen_phone", "petition__citizen_phone__startswith"])
def test_the_timeline_and_consultations_cannot_be_filtered_by_the_citizens_phone(client, case, users, lookup):
    client.force_login(users["superuser"])

    responses = [
        client.get(reverse(f"admin:petitions_{model}_changelist"), {lookup: PHONE})
        for model in ("petitionevent", "consultation")
    ]

    assert [r.status_code for r in responses] == [400, 400]


@pytest.mark.parametrize("who", ["own_liaison", "assigned_member"])
def test_those_handling_the_case_see_the_citizen_on_the_case_but_not_on_the_list(client, case, users, who):
    client.force_login(users[who])

    listing = client.get(CHANGELIST)
    change = client.get(_change(case))

    html = change.content.decode()
    assert change.status_code == 200
    assert _present(html, *CONTACT, COMMENT) == [*CONTACT, COMMENT]
    photo = case.photos.get()
    assert reverse("casework:case_photo", kwargs={"pk": case.pk, "photo_pk": photo.pk}) in html
    # Shown, not editable: what the citizen gave is changed by nobody here.
    assert {"citizen_name", "citizen_phone", "citizen_address"}.isdisjoint(change.context["adminform"].form.fields)
    assert case.display_code in listing.content.decode()
    assert _present(listing.content.decode(), *CONTACT, COMMENT) == []


def test_posting_contact_fields_in_the_change_form_changes_nothing(client, case, users):
    # given: office staff allowed to edit petitions in the admin, whose form has no contact fields
    from django.contrib.auth.models import Permission

    users["office_staff"].user_permissions.add(Permission.objects.get(codename="change_petition"))
    client.force_login(users["office_staff"])
    page = client.get(_change(case))
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update(
        {
            "content": "更正后的诉求内容",
            "citizen_phone": "13000000000",
            "citizen_name": "冒名",
            "citizen_address": "别处",
            "photos-TOTAL_FORMS": "1",
            "photos-INITIAL_FORMS": "1",
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "1",
        }
    )

    # when: they post it with contact fields added
    response = client.post(_change(case), {k: v for k, v in data.items() if v is not None})

    # then: the form was saved, and the citizen's contact data is what it was
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.content == "更正后的诉求内容"
    assert (case.citizen_name, case.citizen_phone, case.citizen_address) == CONTACT


def test_nobody_adds_or_deletes_a_petition_in_the_admin(client, case, users):
    client.force_login(users["superuser"])

    add = client.get(reverse("admin:petitions_petition_add"))
    delete = client.post(reverse("admin:petitions_petition_delete", args=[case.pk]), {"post": "yes"})
    bulk = client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [case.pk], "post": "yes"}, follow=True
    )

    assert (add.status_code, delete.status_code) == (403, 403)
    assert "delete_selected" not in bulk.content.decode()
    assert Petition.objects.filter(pk=case.pk).exists()


def test_the_timeline_admin_lists_only_the_events_of_visible_cases(client, case, users):
    # given: a liaison officer of another workstation allowed to read timelines in the admin
    from django.contrib.auth.models import Permission

    users["other_liaison"].user_permissions.add(Permission.objects.get(codename="view_petitionevent"))
    client.force_login(users["other_liaison"])

    response = client.get(reverse("admin:petitions_petitionevent_changelist"))

    assert response.context["cl"].result_count == 0


@pytest.mark.parametrize("rows", [2, 20])
def test_the_petition_list_costs_the_same_queries_for_2_and_20_rows(
    client, workstation, users, rows, django_assert_num_queries
):
    factories.PetitionFactory.create_batch(rows - 1, workstation=workstation)
    client.force_login(users["office_staff"])
    client.get(CHANGELIST)  # warm the session and the content types

    with django_assert_num_queries(12):  # the office's CPPCC body included
        response = client.get(CHANGELIST)

    assert response.context["cl"].result_count == rows
