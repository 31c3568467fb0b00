"""Who may see and do what with petitions: the permission codenames, and the visibility rules that
every page and API endpoint goes through (`Petition.objects.visible_to(user)`)."""

from django.db.models import Q

RECORD_OFFLINE_PETITION = "record_offline_petition"
ASSIGN_PETITION = "assign_petition"
HANDLE_PETITION = "handle_petition"
MARK_SPAM = "mark_spam"
VIEW_ALL_PETITIONS = "view_all_petitions"
VIEW_STATISTICS = "view_statistics"
MANAGE_KNOWLEDGE = "manage_knowledge"
ERASE_CITIZEN_CONTACT = "erase_citizen_contact"

PERMISSIONS = [
    (RECORD_OFFLINE_PETITION, "Can record a petition taken at a reception or by phone"),
    (ASSIGN_PETITION, "Can assign and reassign petitions at own workstations"),
    (HANDLE_PETITION, "Can triage and answer petitions"),
    (MARK_SPAM, "Can mark a petition as spam"),
    (VIEW_ALL_PETITIONS, "Can see the petitions of every workstation"),
    (VIEW_STATISTICS, "Can see the statistics dashboard"),
    (MANAGE_KNOWLEDGE, "Can keep the knowledge base of answers"),
    (ERASE_CITIZEN_CONTACT, "Can delete a citizen's contact data and photos at their request"),
]


def petition_visibility_filter(user) -> Q | None:
    """The rows of Petition this user may see, as a Q; None means every row.

    - superusers: every petition;
    - office staff and reviewers: the petitions of the workstations their CPPCC body owns and those
      of the bodies below it, never a sibling's (workstations.permissions; reviewers see the cases
      behind the proposals they review, forwarded ones included: those come from below; the
      citizen's contact is a separate rule, `can_see_citizen_contact`);
    - liaison officers: the petitions of their workstations;
    - members: the petitions of the workstations they serve, those assigned to them, and those they
      were invited to as co-members (协办委员, often from another workstation or sector);
    - department handlers: none. They work in the department portal, which shows their department's
      consultations and assignments (the question, the proposal) but not the case, its citizen or
      its internal notes;
    - everyone else, anonymous visitors included: nothing.
    """
    from members.models import Member
    from workstations.models import Workstation
    from workstations.permissions import workstations_in_scope

    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    if user.has_perm(f"petitions.{VIEW_ALL_PETITIONS}") or user.has_perm("proposals.review_proposal"):
        return Q(workstation__in=workstations_in_scope(user).values("pk"))
    # Subqueries rather than joins: one SQL statement, and no row repeated by a many-to-many join.
    condition = Q(workstation__in=Workstation.objects.filter(liaison_officers=user).values("pk"))
    member = Member.objects.filter(user=user, is_active=True).first()
    if member is not None:
        condition |= (
            Q(workstation__in=member.workstations.values("pk"))
            | Q(assigned_member=member)
            # through the member's reverse relation: petitions.models imports this module
            | Q(pk__in=member.co_handled_cases.values("petition_id"))
        )
    return condition


def handles_case(user, petition) -> bool:
    """The assigned member, its co-members (协办委员: they work the case beside the lead and may
    have to call the citizen) and the liaison officers of the case's workstation: those who may see
    what the citizen gave that may identify them (contact data, photos, a rating's comment)."""
    if not user.is_authenticated:
        return False
    member = getattr(user, "member", None)
    if member is not None and petition.assigned_member_id == member.pk:
        return True
    if member is not None and is_co_member(member, petition):
        return True
    return petition.workstation.liaison_officers.filter(pk=user.pk).exists()


def is_co_member(member, petition) -> bool:
    """Whether this member was invited to work the case beside its lead (one indexed lookup)."""
    if member is None or not member.is_active:
        return False
    return petition.co_members.filter(member_id=member.pk).exists()


def can_see_citizen_contact(user, petition) -> bool:
    """The citizen's name, phone and address (PIPL personal data): only those handling the case.

    Pages, the API and the admin all ask this. Superusers get no exception: they administer the
    system, not cases, and PIPL's minimum-necessary rule gives them the case without its citizen."""
    return not petition.is_anonymous and handles_case(user, petition)


def member_for(user):
    """The active committee member this user is, or None."""
    if not user.is_authenticated:
        return None
    member = getattr(user, "member", None)
    return member if member is not None and member.is_active else None
