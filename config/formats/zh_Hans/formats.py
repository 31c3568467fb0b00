"""Simplified Chinese input formats with ISO first: Django renders a date field's value in the first
input format, and a ``<input type="date">`` reads ISO ``YYYY-MM-DD`` only (Django's own zh_Hans
puts ``%Y/%m/%d`` first, which leaves the date picker empty). Everything else falls back to
Django's zh_Hans formats."""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%n月%j日"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S.%f",
    "%Y年%n月%j日 %H:%M",
    "%Y年%n月%j日 %H:%M:%S",
]
