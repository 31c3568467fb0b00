"""Who may read and who may keep the knowledge base: the one rule the pages and the API ask."""

MANAGE = "petitions.manage_knowledge"
# Everyone handling cases reads it: members, liaison officers, office staff.
CAN_READ = ("petitions.handle_petition", MANAGE, "petitions.assign_petition")


def may_read_knowledge(user) -> bool:
    return bool(user.is_authenticated and any(user.has_perm(name) for name in CAN_READ))


def may_manage_knowledge(user) -> bool:
    """A manager also sees the entries taken out of use."""
    return bool(user.is_authenticated and user.has_perm(MANAGE))
