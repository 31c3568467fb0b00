"""Form widgets shared by the apps."""

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker (``<input type="date">``). Its value must be ISO ``YYYY-MM-DD``
    whatever the language: Django's default follows the locale's first input format
    (``2027/02/01`` in Chinese), which a date picker does not read and so shows empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
