"""Every date picker gets its value in ISO form, which is all an <input type="date"> reads (issue 14:
the roster's new-duty date field got "2027/02/01" in Chinese and showed an empty picker)."""

import datetime

import pytest
from django.utils import translation

from audit.forms import AccessLogFilterForm
from departments.forms import ExtensionForm
from members.forms import DutyAddForm, DutyMoveForm, UnavailabilityForm
from proposals.forms import AssignForm
from stats.filters import StatsFilterForm

FIRST = datetime.date(2027, 2, 1)

DATE_FIELDS = [
    (DutyAddForm, "date"),
    (DutyMoveForm, "date"),
    (UnavailabilityForm, "start"),
    (UnavailabilityForm, "end"),
    (AccessLogFilterForm, "date_from"),
    (AccessLogFilterForm, "date_to"),
    (ExtensionForm, "new_due_date"),
    (AssignForm, "due_date"),
    (StatsFilterForm, "start"),
    (StatsFilterForm, "end"),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("form_class", "name"), DATE_FIELDS)
def test_a_date_picker_gets_an_iso_value(form_class, name, language):
    widget = form_class.base_fields[name].widget

    with translation.override(language):
        html = widget.render(name, FIRST)

    assert 'type="date"' in html
    assert 'value="2027-02-01"' in html


def test_a_date_typed_the_chinese_way_is_still_read():
    form = UnavailabilityForm({"start": "2027/02/01", "end": "2027-02-02"})

    with translation.override("zh-hans"):
        assert form.is_valid(), form.errors

    assert (form.cleaned_data["start"], form.cleaned_data["end"]) == (FIRST, datetime.date(2027, 2, 2))
