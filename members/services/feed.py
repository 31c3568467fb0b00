"""The secret token of a member's iCalendar feed URL."""

from django.db import transaction

from members.models import CalendarFeedToken, Member, new_calendar_token


def calendar_token_get_or_create(*, member: Member) -> CalendarFeedToken:
    token, _created = CalendarFeedToken.objects.get_or_create(member=member)
    return token


@transaction.atomic
def calendar_token_reset(*, member: Member) -> CalendarFeedToken:
    """A new secret: the old feed URL stops working at once (404)."""
    token, created = CalendarFeedToken.objects.select_for_update().get_or_create(member=member)
    if not created:
        token.token = new_calendar_token()
        token.save(update_fields=["token", "updated_at"])
    return token
