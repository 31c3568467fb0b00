"""A member's duties as an iCalendar document (RFC 5545), for phone calendars to subscribe to."""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from members.choices import DutyKind, Slot
from members.generator import month_add

# Reception hours of a slot, local time.
SLOT_HOURS = {
    Slot.MORNING: (datetime.time(8, 30), datetime.time(12, 0)),
    Slot.AFTERNOON: (datetime.time(14, 30), datetime.time(17, 30)),
}


def duties_ical(*, member, duties) -> bytes:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//workstation//duty roster//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("%(name)s的值班") % {"name": member.name})
    stamp = timezone.now()
    for duty in duties:
        workstation = duty.roster.workstation
        event = Event()
        event.add("uid", f"duty-{duty.pk}@{workstation.code}.workstation")
        event.add("dtstamp", stamp)
        if duty.kind == DutyKind.MONTH:
            event.add("summary", _("%(workstation)s 整月负责值班") % {"workstation": workstation.name})
            event.add("dtstart", duty.roster.month)
            event.add("dtend", month_add(duty.roster.month, 1))
        elif duty.slot in SLOT_HOURS:
            start, end = SLOT_HOURS[duty.slot]
            event.add(
                "summary",
                _("%(workstation)s %(slot)s接待值班")
                % {"workstation": workstation.name, "slot": duty.get_slot_display()},
            )
            event.add("dtstart", datetime.datetime.combine(duty.date, start, tzinfo=tz))
            event.add("dtend", datetime.datetime.combine(duty.date, end, tzinfo=tz))
        else:
            event.add("summary", _("%(workstation)s 全天接待值班") % {"workstation": workstation.name})
            event.add("dtstart", duty.date)
            event.add("dtend", duty.date + datetime.timedelta(days=1))
        if workstation.address:
            event.add("location", workstation.address)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
