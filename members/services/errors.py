class RosterError(Exception):
    """A roster rule refused an action. The message is the friendly Chinese sentence shown to the user."""

    def __init__(self, message, *, gaps=None):
        super().__init__(str(message))
        self.message = str(message)
        self.gaps = gaps or []

    def __str__(self):
        return self.message


class UncoveredSlotsError(RosterError):
    """Publishing refused: reception slots (or the month lead) are not covered and the officer has
    not confirmed publishing anyway. `gaps` lists them."""
