"""Permission codenames of the topics app, and who someone is to one topic.

Office staff hold `manage_topic` (accounts.roles) and may do everything to every topic. The lead
member (牵头委员) of a topic's research group acts on that topic by being its lead, not by a
permission: starts the research, records activities and milestones, submits the report. Members of
the group, like office staff, read the topic's staff page."""

from topics.choices import GroupRole

MANAGE_TOPIC = "manage_topic"

PERMISSIONS = [
    (MANAGE_TOPIC, "Can propose, adopt, publish and close research topics"),
]

OFFICE = "office"
LEAD = "lead"
GROUP = "group"


def member_of(user):
    """The active committee member this user is, or None."""
    if not user.is_authenticated:
        return None
    member = getattr(user, "member", None)
    return member if member is not None and member.is_active else None


def is_office(user) -> bool:
    return user.is_authenticated and user.has_perm(f"topics.{MANAGE_TOPIC}")


def actor_roles(user, topic) -> frozenset[str]:
    """What `user` is to `topic`: office staff, its lead member, a member of its group."""
    roles = set()
    if is_office(user):
        roles.add(OFFICE)
    member = member_of(user)
    if member is not None and topic.pk is not None:
        role = topic.group.filter(member=member).values_list("role", flat=True).first()
        if role is not None:
            roles.add(GROUP)
            if role == GroupRole.LEAD:
                roles.add(LEAD)
    return frozenset(roles)
