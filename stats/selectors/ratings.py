"""The citizen's second score, the result (结果满意度, issue 16): rated and satisfied in the period,
counted live in one aggregate over stats_petition_rated_idx (rated_at), apart from the petition
cube and its figure tables, which hold the handling score (`satisfaction`) as before."""

from django.db.models import Count

import stats.selectors.figures as figures
from stats.filters import StatsFilter


def result_satisfaction_counts(f: StatsFilter) -> dict:
    """{"result_rated", "result_satisfied"} for the filter (aggregates.summary adds the rate)."""
    return (
        figures.result_rated_petitions(f)
        .order_by()
        .aggregate(result_rated=Count("pk"), result_satisfied=Count("pk", filter=figures.RESULT_SATISFIED_Q))
    )
