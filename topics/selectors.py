"""Every read of the topics app: the staff pages' lists and details (through topics_visible_to,
which pages and the API share), the public page's figures (counts only, no personal data), and
a member's research work for the member record (履职档案)."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from members.models import Member
from petitions.choices import Outcome as PetitionOutcome
from topics.choices import ActivityKind, GroupRole
from topics.models import Activity, Meeting, Milestone, Topic, TopicEvent, TopicFile, TopicMember
from topics.permissions import is_office, member_of


def topics_visible_to(user):
    """The topics a staff user reads: every one for office staff, a member their own group's
    topics, nobody else any. Pages and the API both read through it."""
    if is_office(user):
        return Topic.objects.all()
    member = member_of(user)
    if member is None:
        return Topic.objects.none()
    return Topic.objects.filter(pk__in=TopicMember.objects.filter(member=member).values("topic"))


def topic_list_for_user(*, user, year: int | None = None):
    """The topics list: each with its lead and its numbers of cases, activities and outcomes, in a
    fixed number of queries however many rows."""
    queryset = topics_visible_to(user)
    if year:
        queryset = queryset.filter(year=year)
    return queryset.annotate(
        petition_count=Count("petitions", distinct=True),
        activity_count=Count("activities", distinct=True),
        outcome_count=Count("outcomes", distinct=True),
    ).prefetch_related(
        Prefetch(
            "group",
            queryset=TopicMember.objects.filter(role=GroupRole.LEAD).select_related("member__user"),
            to_attr="leads",
        )
    )


def topic_get_for_user(*, user, pk: int) -> Topic:
    """One topic the user may read, with everything its page shows loaded; 404 otherwise."""
    topic = (
        topics_visible_to(user)
        .select_related("proposed_by")
        .prefetch_related(
            "sectors",
            "departments",
            Prefetch("group", queryset=TopicMember.objects.select_related("member__user", "member__sector")),
            Prefetch("milestones", queryset=Milestone.objects.all()),
            Prefetch(
                "activities",
                queryset=Activity.objects.prefetch_related("participants__user", "files"),
            ),
            Prefetch("files", queryset=TopicFile.objects.filter(activity__isnull=True)),
            "outcomes",
            Prefetch("events", queryset=TopicEvent.objects.select_related("actor")),
        )
        .filter(pk=pk)
        .first()
    )
    if topic is None:
        raise Http404
    topic.meeting_row = (
        Meeting.objects.filter(topic=topic).prefetch_related("participants__user", "departments").first()
    )
    return topic


def topic_proposals(topic: Topic):
    return topic.proposals.select_related("author__user").order_by("created_at")


def topic_file_get_for_user(*, user, pk: int) -> TopicFile:
    """A topic's file, for whoever reads the topic's staff page; 404 otherwise."""
    row = TopicFile.objects.filter(pk=pk, topic__in=topics_visible_to(user)).first()
    if row is None:
        raise Http404
    return row


# --- public ------------------------------------------------------------------------------------


def published_topics():
    return Topic.objects.published().order_by("-year", "-published_at")


def public_topic_get(*, pk: int) -> Topic:
    topic = published_topics().filter(pk=pk).first()
    if topic is None:
        raise Http404
    return topic


def public_topic_summary(topic: Topic) -> dict:
    """What the public page and the public API show of a published topic: how many cases
    citizens brought and of which categories, what the members did (activities by kind and date,
    the sectors, the meeting), and what came of it (outcomes, proposals). Counts and the office's
    own words only: no citizen's name, phone, address, case text or tracking code."""
    petitions = topic.petitions.all()
    raised = petitions.aggregate(total=Count("pk"), solved=Count("pk", filter=Q(outcome=PetitionOutcome.SOLVED)))
    categories = list(
        petitions.values("category__name").order_by().annotate(n=Count("pk")).order_by("-n", "category__name")
    )
    activities = list(
        topic.activities.order_by("date", "id")
        .annotate(members=Count("participants"))
        .values("kind", "date", "place", "members")
    )
    kinds = dict(ActivityKind.choices)
    meeting = (
        Meeting.objects.filter(topic=topic)
        .annotate(members=Count("participants", distinct=True), departments_invited=Count("departments", distinct=True))
        .first()
    )
    return {
        "raised": {
            "total": raised["total"],
            "solved": raised["solved"],
            "categories": [{"name": row["category__name"] or "", "count": row["n"]} for row in categories],
        },
        "group": {
            "members": topic.group.count(),
            "sectors": list(topic.sectors.order_by("name").values_list("name", flat=True)),
            "departments": list(topic.departments.order_by("name").values_list("name", flat=True)),
        },
        "activities": [
            {
                "kind": row["kind"],
                "kind_label": str(kinds.get(row["kind"], row["kind"])),
                "date": row["date"],
                "place": row["place"],
                "members": row["members"],
            }
            for row in activities
        ],
        "report_summary": topic.report_summary,
        "meeting": None
        if meeting is None
        else {
            "title": meeting.title,
            "date": meeting.date,
            "members": meeting.members,
            "departments_invited": meeting.departments_invited,
        },
        "outcomes": [
            {
                "kind": o.kind,
                "kind_label": str(o.get_kind_display()),
                "title": o.title,
                "document_ref": o.document_ref,
                "date": o.date,
                "description": o.description,
            }
            for o in topic.outcomes.order_by("date", "id")
        ],
        "proposals": topic.proposals.count(),
    }


# --- the member record (履职档案) -----------------------------------------------------------------


def member_topic_record(member: Member, year: int) -> dict:
    """A member's research work in one calendar year, as plain rows for the member record page and
    its export: the topics they were in (role), the research activities they took part in, the
    consultation meetings they attended."""
    roles = [
        {"topic_id": row.topic_id, "topic": row.topic.title, "year": row.topic.year, "role": row.get_role_display()}
        for row in TopicMember.objects.filter(member=member, topic__year=year)
        .select_related("topic")
        .order_by("topic__title")
    ]
    activities = [
        {
            "topic_id": a.topic_id,
            "topic": a.topic.title,
            "date": a.date,
            "kind": a.get_kind_display(),
            "place": a.place,
        }
        for a in Activity.objects.filter(participants=member, date__year=year)
        .select_related("topic")
        .order_by("date", "id")
    ]
    meetings = [
        {"topic_id": m.topic_id, "topic": m.topic.title, "date": m.date, "title": m.title}
        for m in Meeting.objects.filter(participants=member, date__year=year)
        .select_related("topic")
        .order_by("date", "id")
    ]
    return {"roles": roles, "activities": activities, "meetings": meetings}
