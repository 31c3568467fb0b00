"""Every read of the statistics. `figures` holds the definitions (one each), `aggregates` the
counts, `cases` the lists behind them."""

from stats.selectors.aggregates import (
    by_category,
    by_department,
    by_member,
    by_workstation,
    dashboard,
    dashboard_to_date,
    median_first_response_hours,
    rate,
    rising_categories,
    summary,
    trend,
)
from stats.selectors.cases import CASES, handoff_cases, imported_project_cases, petition_cases, proposal_cases
from stats.selectors.member_record import MEMBER_RECORD_SECTIONS, RecordSection, member_record, member_record_tables
from stats.selectors.scope import filter_choices, stats_scope, workstation_tree
from stats.selectors.topics import rising_words

__all__ = [
    "CASES",
    "MEMBER_RECORD_SECTIONS",
    "RecordSection",
    "by_category",
    "by_department",
    "by_member",
    "by_workstation",
    "dashboard",
    "dashboard_to_date",
    "filter_choices",
    "handoff_cases",
    "imported_project_cases",
    "median_first_response_hours",
    "member_record",
    "member_record_tables",
    "petition_cases",
    "proposal_cases",
    "rate",
    "rising_categories",
    "rising_words",
    "stats_scope",
    "summary",
    "trend",
    "workstation_tree",
]
