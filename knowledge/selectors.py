from django.db.models import Q, QuerySet

from knowledge.models import Entry


def entry_search(
    *, query: str = "", category_id: int | None = None, include_inactive: bool = False, body=None
) -> QuerySet[Entry]:
    """Entries matching every word of `query` in title, question, answer or policy; with `body`
    (a case's CPPCC body), only that body's and those the bodies above it share with it."""
    entries = Entry.objects.all() if include_inactive else Entry.objects.active()
    if body is not None:
        entries = entries.filter(Q(body=body) | Q(body_id__in=body.ancestor_ids, shared_with_below=True))
    if category_id:
        entries = entries.filter(category_id=category_id)
    for word in (query or "").split()[:5]:
        entries = entries.filter(
            Q(title__icontains=word)
            | Q(question__icontains=word)
            | Q(answer__icontains=word)
            | Q(policy_basis__icontains=word)
        )
    return entries.select_related("category")


def entry_get_active(*, pk) -> Entry | None:
    return Entry.objects.active().select_related("category").filter(pk=pk).first()


def entries_active() -> QuerySet[Entry]:
    """The entries a reply may cite."""
    return Entry.objects.active()


def entries_for_reader(*, user, query: str = "", category_id: int | None = None) -> QuerySet[Entry]:
    """What the knowledge pages list for this reader: the active entries matching `query` of the
    reader's CPPCC bodies and those the bodies above share with them, and the ones taken out of use
    too for a manager (knowledge.permissions)."""
    from knowledge.permissions import entry_reader_filter, may_manage_knowledge

    entries = entry_search(query=query, category_id=category_id, include_inactive=may_manage_knowledge(user))
    condition = entry_reader_filter(user)
    return entries if condition is None else entries.filter(condition)


def entry_get_for_manager(*, user, pk) -> Entry | None:
    """An entry this manager may edit: one of their own body's (superusers: any)."""
    from knowledge.permissions import entry_manager_filter

    condition = entry_manager_filter(user)
    entries = Entry.objects.all() if condition is None else Entry.objects.filter(condition)
    return entries.filter(pk=pk).first()
