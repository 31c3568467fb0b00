"""Slots: how a lower app calls something only a higher app can provide.

The apps have a dependency order (README, "Architecture") and tests/test_architecture.py fails on
any upward import, even one inside a function. Where a lower app needs a higher one's work (the
case page lists the proposals made from a case, a consultation sent needs a row in the outbox),
the lower app declares a `Slot` in its `slots.py` and the higher app fills it in its
`AppConfig.ready()`, the way Saleor's plugin manager and NetBox's registries hand capabilities
down. A slot holds exactly one callable; calling an empty slot raises, so a forgotten wiring
fails loudly instead of dropping a hand-off.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class Slot:
    """One named callable, declared low and provided high."""

    def __init__(self, name: str, doc: str = ""):
        self.name = name
        self.__doc__ = doc or name
        self._provider: Callable[..., Any] | None = None

    def provide(self, provider: Callable[..., Any]) -> Callable[..., Any]:
        """Fill the slot (from the providing app's ready()). Filling it again with the same callable
        is harmless (ready() may run twice in tests); with another one is a wiring error."""
        if self._provider is not None and self._provider is not provider:
            raise ImproperlyConfigured(f"slot {self.name} is already provided by {self._provider!r}")
        self._provider = provider
        return provider

    @property
    def provided(self) -> bool:
        return self._provider is not None

    def __call__(self, *args, **kwargs):
        if self._provider is None:
            raise ImproperlyConfigured(f"nothing provides slot {self.name}: is its app in INSTALLED_APPS?")
        return self._provider(*args, **kwargs)

    def __repr__(self):
        return f"<Slot {self.name}>"
