"""The casework pages: who gets 404 on which case URL, what the pages show, and their query budgets."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from petitions.choices import EventType, Status, Track, Visibility
from petitions.services.handling import petition_consult, petition_note_add
from petitions.views.staff import ACTIONS
from tests import factories
from tests.workflow_helpers import assigned_petition, assigned_proposal, snapshot, triaged_petition

pytestmark = pytest.mark.django_db


def _case_urls(petition):
    urls = [("get", reverse("casework:case_detail", args=[petition.pk]))]
    urls += [("post", reverse(f"casework:case_{action}", args=[petition.pk])) for action in ACTIONS]
    urls += [
        ("post", reverse("proposals:add_petition", args=[petition.pk])),
        ("get", reverse("proposals:new") + f"?petition={petition.pk}"),
    ]
    return urls


@pytest.fixture
def strangers(other_workstation):
    """A member of another workstation, a handler of another department, an anonymous visitor."""
    outsider = factories.MemberFactory(user__username="outsider", workstations=[other_workstation]).user
    other_handler = factories.UserFactory(username="other-handler", roles=[Role.DEPARTMENT_HANDLER])
    factories.DepartmentFactory(name="住建局").handlers.add(other_handler)
    return {"other_member": outsider, "other_handler": other_handler, "anonymous": None}


@pytest.mark.parametrize("who", ["other_member", "other_handler", "anonymous"])
def test_every_case_url_answers_404_to_strangers(client, who, strangers, member, workstation, department):
    # given a case in consultation with 城管局 (so a department handler has a case to see) and a proposal
    petition = triaged_petition(member, workstation, Track.CONSULT)
    petition_consult(user=member.user, petition_id=petition.pk, department=department, question="问")
    if strangers[who] is not None:
        client.force_login(strangers[who])
    before = snapshot()
    # when the stranger requests every case URL, then each answers 404 and nothing changes
    for method, url in _case_urls(petition):
        response = getattr(client, method)(url, {"reason": "x", "text": "x", "message": "x", "track": "2"})
        if who == "anonymous" and method == "get" and url == f"/cases/{petition.pk}/":
            # the link of a member's SMS: signed out, sign in first (any number answers the same)
            assert response.status_code == 302
            assert response["Location"].startswith(f"/accounts/login/?next=/cases/{petition.pk}/")
            assert client.get("/cases/999999/").status_code == 302
            continue
        assert response.status_code == 404, (who, method, url, response.status_code)
    assert snapshot() == before


@pytest.mark.parametrize("who", ["other_member", "other_handler", "anonymous"])
def test_proposal_and_portal_urls_answer_404_to_strangers(
    client, who, strangers, member, workstation, reviewer, department
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from departments.services import assignment_acknowledge, assignment_report

    proposal = assigned_proposal(member, workstation, reviewer, department)
    assignment = proposal.assignments.get()
    handler = factories.UserFactory(username="right-handler", roles=[Role.DEPARTMENT_HANDLER])
    department.handlers.add(handler)
    assignment_acknowledge(assignment_id=assignment.pk, user=handler)
    assignment_report(
        assignment_id=assignment.pk, user=handler, result="办结", files=[SimpleUploadedFile("r.pdf", b"%PDF-1.4")]
    )
    attachment = assignment.attachments.get()
    consultation_case = triaged_petition(member, workstation, Track.CONSULT)
    consultation = petition_consult(
        user=member.user, petition_id=consultation_case.pk, department=department, question="问"
    )
    if strangers[who] is not None:
        client.force_login(strangers[who])
    urls = [
        ("get", reverse("proposals:detail", args=[proposal.pk])),
        ("post", reverse("proposals:submit", args=[proposal.pk])),
        ("post", reverse("proposals:withdraw", args=[proposal.pk])),
        ("post", reverse("proposals:confirm", args=[proposal.pk])),
        ("get", reverse("proposals:attachment", args=[attachment.pk])),
        ("get", reverse("departments:item", args=["assignment", assignment.pk])),
        ("post", reverse("departments:item_action", args=["assignment", assignment.pk, "extension"])),
        ("get", reverse("departments:item", args=["consultation", consultation.pk])),
        ("post", reverse("departments:item_action", args=["consultation", consultation.pk, "answer"])),
    ]
    before = snapshot()
    for method, url in urls:
        response = getattr(client, method)(url, {"answer": "x"})
        assert response.status_code == 404, (who, method, url, response.status_code)
    assert snapshot() == before


def test_the_handler_of_the_consulted_department_sees_the_question_in_the_portal_not_the_case(
    client, member, workstation, department, department_handler
):
    petition = triaged_petition(member, workstation, Track.CONSULT)
    petition_note_add(user=member.user, petition_id=petition.pk, text="内部：需要实地查看")
    consultation = petition_consult(
        user=member.user, petition_id=petition.pk, department=department, question="夜间音量有无上限？"
    )
    client.force_login(department_handler)

    case = client.get(reverse("casework:case_detail", args=[petition.pk]))
    portal = client.get(reverse("departments:item", args=["consultation", consultation.pk])).content.decode()

    assert case.status_code == 404
    assert "夜间音量有无上限？" in portal
    assert "13800138000" not in portal
    assert "张三" not in portal
    assert "内部：需要实地查看" not in portal


def test_case_page_shows_contact_to_the_member_and_internal_notes_marked(client, member, workstation):
    petition = assigned_petition(member, workstation)
    petition_note_add(user=member.user, petition_id=petition.pk, text="需要实地查看")
    client.force_login(member.user)
    page = client.get(reverse("casework:case_detail", args=[petition.pk])).content.decode()
    assert "张三 13800138000" in page
    assert "需要实地查看" in page
    assert "仅内部" in page


def test_triage_and_reply_through_the_page(client, member, workstation):
    petition = assigned_petition(member, workstation)
    client.force_login(member.user)
    response = client.post(reverse("casework:case_triage", args=[petition.pk]), {"track": Track.ANSWER})
    assert response.status_code == 302
    client.post(reverse("casework:case_reply", args=[petition.pk]), {"message": "请到街道便民服务中心办理。"})
    petition.refresh_from_db()
    assert petition.status == Status.REPLIED
    reply = petition.events.get(type=EventType.REPLIED)
    assert (reply.visibility, reply.message) == (Visibility.PUBLIC, "请到街道便民服务中心办理。")


def test_a_refused_action_shows_the_reason_and_changes_nothing(client, member, workstation, liaison_officer):
    petition = triaged_petition(member, workstation, Track.ANSWER)
    client.force_login(liaison_officer)
    before = snapshot()
    response = client.post(reverse("casework:case_reply", args=[petition.pk]), {"message": "答复"}, follow=True)
    assert "这件诉求没有分派给您，只有承办委员可以办理。" in response.content.decode() or (
        "只有政协委员可以办理诉求。" in response.content.decode()
    )
    assert snapshot() == before


def test_knowledge_entry_is_searchable_and_inserted_into_the_reply(client, member, workstation):
    petition = triaged_petition(member, workstation, Track.EXPLAIN)
    entry = factories.KnowledgeEntryFactory(category=petition.category)
    client.force_login(member.user)
    url = reverse("casework:case_detail", args=[petition.pk])
    assert entry.title in client.get(url, {"kb": "噪音"}).content.decode()
    page = client.get(url, {"use_entry": entry.pk}).content.decode()
    assert entry.answer in page
    assert f'name="knowledge_entry" value="{entry.pk}"' in page


def test_inbox_views_and_search(client, member, workstation):
    mine = assigned_petition(member, workstation, content="小区路灯坏了")
    queued = factories.PetitionFactory(workstation=workstation, content="下水道堵塞")
    client.force_login(member.user)
    page = client.get(reverse("casework:inbox")).content.decode()
    assert mine.display_code in page
    assert queued.display_code not in page
    page = client.get(reverse("casework:inbox"), {"view": "unassigned"}).content.decode()
    assert queued.display_code in page
    assert mine.display_code not in page
    page = client.get(reverse("casework:inbox"), {"view": "all", "q": mine.tracking_code[:6]}).content.decode()
    assert mine.display_code in page
    assert queued.display_code not in page
    page = client.get(reverse("casework:inbox"), {"view": "all", "q": "下水道"}).content.decode()
    assert queued.display_code in page
    assert mine.display_code not in page


def test_inbox_hides_other_workstations(client, member, workstation, other_workstation):
    elsewhere = factories.PetitionFactory(workstation=other_workstation, status=Status.RECEIVED)
    client.force_login(member.user)
    for view in ["mine", "unassigned", "due_soon", "overdue", "waiting", "all"]:
        assert elsewhere.display_code not in client.get(reverse("casework:inbox"), {"view": view}).content.decode()


# --- query budgets -------------------------------------------------------------------------------
# Per page, whatever the number of rows: session, user, permissions, the member, then the page's own
# reads (the parametrised tests below show 2 rows and 20 rows cost the same); "all" also reads the
# ids of the cases the member co-handles (协办).
INBOX_QUERIES = 10
# the photos: one query, for those handling the case; the contact view: one access-log insert;
# the navbar's unread count; the co-members (协办委员) and the invite picker's members
CASE_QUERIES = 20


@pytest.mark.parametrize("rows", [2, 20])
def test_inbox_query_budget(client, member, workstation, rows, django_assert_num_queries):
    factories.PetitionFactory.create_batch(rows, workstation=workstation, assigned_member=member, status="assigned")
    client.force_login(member.user)
    client.get(reverse("casework:inbox"))  # warm the session and permission caches
    with django_assert_num_queries(INBOX_QUERIES):
        response = client.get(reverse("casework:inbox"), {"view": "all", "q": "河堤"})
    # each case once as a phone's card and once as a row of the desk's table
    page = response.content.decode()
    assert page.count("inbox-card-link") == rows
    assert page.count("/cases/") == 2 * rows


@pytest.mark.parametrize("rows", [2, 20])
def test_case_page_query_budget(client, member, workstation, department, rows, django_assert_num_queries):
    petition = triaged_petition(member, workstation, Track.CONSULT)
    for _ in range(rows):
        petition_note_add(user=member.user, petition_id=petition.pk, text="备注")
    petition_consult(user=member.user, petition_id=petition.pk, department=department, question="问")
    client.force_login(member.user)
    with django_assert_num_queries(CASE_QUERIES):
        response = client.get(reverse("casework:case_detail", args=[petition.pk]))
    # the timeline shows every event: triage, the notes, the consultation
    assert response.content.decode().count('class="border-start border-3') == rows + 2


def test_inbox_finds_a_whole_tracking_code_as_typed_and_pages_without_counting(client, member, workstation):
    petitions = factories.PetitionFactory.create_batch(
        27, workstation=workstation, assigned_member=member, status=Status.ASSIGNED
    )
    client.force_login(member.user)
    typed = petitions[0].display_code.lower()  # "abcd-efgh-…" as read over the phone
    page = client.get(reverse("casework:inbox"), {"view": "all", "q": typed}).content.decode()
    assert page.count("inbox-card-link") == 1
    assert page.count("/cases/") == 2  # its card (phone) and its table row (desk)
    assert petitions[0].display_code in page
    first = client.get(reverse("casework:inbox")).content.decode()
    second = client.get(reverse("casework:inbox"), {"page": 2}).content.decode()
    assert (first.count("inbox-card-link"), second.count("inbox-card-link")) == (25, 2)
    assert "下一页" in first
    assert "下一页" not in second


# --- the citizen's photos and rating comment ------------------------------------------------------
def _petition_with_photo(member, workstation):
    from petitions.services import IntakeData, petition_submit
    from petitions.services.photos import CleanPhoto
    from tests.petitions.conftest import CONTENT, png_bytes

    photo = CleanPhoto(content=png_bytes(), content_type="image/png", extension="png", width=32, height=32)
    petition = petition_submit(
        workstation=workstation, data=IntakeData(content=CONTENT, is_anonymous=True, photos=[photo])
    ).petition
    petition.assigned_member = member
    petition.status = Status.ASSIGNED
    petition.save(update_fields=["assigned_member", "status"])
    return petition, petition.photos.get()


@pytest.mark.parametrize("who", ["member", "liaison_officer"])
def test_those_handling_a_case_see_its_photos_even_when_anonymous(client, member, workstation, who, request):
    petition, photo = _petition_with_photo(member, workstation)
    user = member.user if who == "member" else request.getfixturevalue("liaison_officer")
    client.force_login(user)

    page = client.get(reverse("casework:case_detail", args=[petition.pk])).content.decode()
    url = reverse("casework:case_photo", args=[petition.pk, photo.pk])
    assert f'<img src="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize("who", ["office_staff", "reviewer", "other_member", "anonymous"])
def test_others_get_no_photo_of_a_case(client, member, workstation, other_workstation, who, request):
    petition, photo = _petition_with_photo(member, workstation)
    if who == "other_member":
        client.force_login(factories.MemberFactory(user__username="other", workstations=[other_workstation]).user)
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = reverse("casework:case_photo", args=[petition.pk, photo.pk])

    response = client.get(url)

    assert response.status_code == (302 if who == "anonymous" else 404)
    if who in ("office_staff", "reviewer"):  # they may read the case, not what identifies the citizen
        page = client.get(reverse("casework:case_detail", args=[petition.pk])).content.decode()
        assert url not in page


def test_a_photo_of_another_case_is_not_served_under_this_one(client, member, workstation):
    petition, _photo = _petition_with_photo(member, workstation)
    _other, other_photo = _petition_with_photo(member, workstation)
    client.force_login(member.user)

    response = client.get(reverse("casework:case_photo", args=[petition.pk, other_photo.pk]))

    assert response.status_code == 404


def test_the_member_reads_the_rating_comment(client, member, workstation, office_staff):
    petition = assigned_petition(
        member, workstation, status=Status.CLOSED, satisfaction="unsatisfied", satisfaction_comment="噪音还在，没人来看"
    )
    client.force_login(member.user)
    assert "噪音还在，没人来看" in client.get(reverse("casework:case_detail", args=[petition.pk])).content.decode()
    client.force_login(office_staff)
    assert "噪音还在，没人来看" not in client.get(reverse("casework:case_detail", args=[petition.pk])).content.decode()


def test_a_member_reading_english_writes_the_citizens_timeline_in_chinese(
    client, member, workstation, notifications, django_capture_on_commit_callbacks
):
    # given: a member who reads the pages in English, and a case with a citizen's phone
    petition = assigned_petition(member, workstation, citizen_phone="13800138000", consent_given=True)
    client.force_login(member.user)
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    reply_url = reverse("casework:case_reply", args=[petition.pk])

    # when: they reply before choosing a track (refused), then choose track 2 and reply
    refused = client.post(reply_url, {"message": "请到街道便民服务中心办理。"}, follow=True, **english)
    client.post(reverse("casework:case_triage", args=[petition.pk]), {"track": Track.ANSWER}, **english)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reply_url, {"message": "请到街道便民服务中心办理。"}, **english)

    # then: the refusal reached them in English ...
    assert "Please choose a handling method before replying to the citizen." in refused.content.decode()
    # ... while what the citizen reads on /track/ and by SMS is Chinese
    assert petition.events.get(type=EventType.TRIAGED).message == "委员已确定办理方式：直接答复。"
    track_page = client.get(reverse("petitions:track_detail", kwargs={"code": petition.tracking_code})).content.decode()
    assert "委员已确定办理方式：直接答复。" in track_page
    assert notifications[-1].subject == "您的诉求有新进展"
    assert notifications[-1].body.startswith("【委员工作室】您的诉求")


def test_the_case_page_shows_one_consistent_delivery_status_per_hand_off(client, member, workstation):
    # given a case consulted with 住建局 by e-mail: its hand-off written to the outbox, not yet tried
    from handoffs.models import Delivery

    email = factories.DepartmentFactory(name="住建局", channel="email", email="zjj@example.gov.cn")
    petition = triaged_petition(member, workstation, Track.CONSULT)
    petition_consult(user=member.user, petition_id=petition.pk, department=email, question="问")
    client.force_login(member.user)
    url = reverse("casework:case_detail", args=[petition.pk])
    # when the member opens the case, then it says the hand-off was not tried yet
    page = client.get(url).content.decode()
    assert "投递：电子邮件 · 待投递" in page
    assert page.count("尚未尝试投递") == 1
    # given the hand-off then delivered, its attempt log not kept (as seed_demo writes it)
    Delivery.objects.filter(consultation__petition=petition).update(
        state="delivered", attempts=1, delivered_at=timezone.now()
    )
    # when the member opens the case again, then it says delivered, and nothing says "not tried"
    page = client.get(url).content.decode()
    assert "投递：电子邮件 · 已送达" in page
    assert "尚未尝试投递" not in page
    assert "已尝试 1 次" in page


def _category_options(html: str) -> list[str]:
    select = re.search(r'<select name="category".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_inbox_category_filter_offers_active_categories_only(client, member, workstation):
    # given an active category and one retired
    factories.CategoryFactory(code="water", name="供水", sort_order=1)
    retired = factories.CategoryFactory(code="old", name="旧类别", sort_order=2, is_active=False)
    client.force_login(member.user)
    # when the member opens the inbox, then the filter offers the active categories only
    options = _category_options(client.get(reverse("casework:inbox")).content.decode())
    assert options == ["---------", "供水"]
    # and a link that already filters on the retired one keeps it, selected, with its cases
    case = assigned_petition(member, workstation, category=retired)
    html = client.get(reverse("casework:inbox"), {"category": retired.pk}).content.decode()
    assert f'<option value="{retired.pk}" selected>旧类别</option>' in html
    assert case.display_code in html


def test_the_triage_choice_starts_empty_and_an_empty_submit_is_refused(client, member, workstation):
    # given a case assigned to the member, not yet triaged
    petition = assigned_petition(member, workstation)
    client.force_login(member.user)
    url = reverse("casework:case_detail", args=[petition.pk])
    # when the member opens the case, then the triage choice starts on an empty option
    html = client.get(url).content.decode()
    select = re.search(r'<select name="track".*?</select>', html, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select) == [
        "请选择办理方式", "解释说明", "直接答复", "咨询后答复", "提交建议",
    ]  # fmt: skip
    assert '<option value="" selected>请选择办理方式</option>' in select
    # when they press 确定 without choosing
    before = snapshot()
    response = client.post(reverse("casework:case_triage", args=[petition.pk]), {"track": ""}, follow=True)
    # then they are told to choose, and nothing changed
    assert "请先选择办理方式。" in response.content.decode()
    assert snapshot() == before
    petition.refresh_from_db()
    assert (petition.status, petition.track) == (Status.ASSIGNED, None)
