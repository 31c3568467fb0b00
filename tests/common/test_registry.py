"""Slots (common.registry): declared by a lower app, provided by a higher one in its ready()."""

import importlib
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from common.registry import Slot

ROOT = Path(__file__).resolve().parents[2]


def test_every_declared_slot_is_provided_once_django_is_ready():
    # given every Slot declared in an app's slots.py
    slots = []
    for path in sorted(ROOT.glob("*/slots.py")):
        module = importlib.import_module(f"{path.parent.name}.slots")
        slots += [value for value in vars(module).values() if isinstance(value, Slot)]

    # then each has its provider (filled in the providing app's AppConfig.ready())
    assert len(slots) == 19
    assert [slot.name for slot in slots if not slot.provided] == []


def test_an_empty_slot_refuses_to_be_called():
    slot = Slot("tests.empty")
    with pytest.raises(ImproperlyConfigured, match=r"nothing provides slot tests\.empty"):
        slot(petition=None)


def test_a_slot_calls_its_provider_and_refuses_a_second_one():
    # given a slot provided with one function
    slot = Slot("tests.one")

    def provider(*, value):
        return value * 2

    slot.provide(provider)
    slot.provide(provider)  # ready() running twice is harmless

    # then it calls it, and another provider is a wiring error that leaves the first in place
    assert slot(value=21) == 42
    with pytest.raises(ImproperlyConfigured, match=r"slot tests\.one is already provided"):
        slot.provide(lambda *, value: value)
    assert slot(value=1) == 2
