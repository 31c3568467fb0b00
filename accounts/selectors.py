"""Reads about staff users that every app shares."""

from typing import Literal, NamedTuple

Channel = Literal["email", "sms"]


class Contact(NamedTuple):
    """Where one message to a staff member goes."""

    channel: Channel
    address: str


def staff_contact(user, *, prefer: Channel = "email", phone: str = "") -> Contact | None:
    """How to reach a staff user: the one rule that duty reminders, deadline notices, escalations and
    the intake's alerts all ask.

    The user's own choice of channel wins once accounts.User has one (a `contact_channel` field);
    until then the caller's `prefer` decides: e-mail to `user.email`, or SMS to the phone. The
    phone is the account's, else `phone`, the number the caller knows for this person (their
    member record's). The other channel is the fallback when the preferred one has no address. An
    inactive or missing user is not contacted: None, as when neither address exists."""
    if user is None or not user.is_active:
        return None
    mobile = user.phone or phone
    addresses: dict[Channel, str] = {"email": user.email, "sms": mobile}
    first: Channel = getattr(user, "contact_channel", "") or prefer
    for channel in (first, "sms" if first == "email" else "email"):
        if addresses[channel]:
            return Contact(channel, addresses[channel])
    return None
