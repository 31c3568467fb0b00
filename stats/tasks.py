from celery import shared_task


@shared_task(name="stats.monthly_figures_sweep", soft_time_limit=50, time_limit=58)
def monthly_figures_sweep() -> int:
    """Keep the trend's monthly table at most a minute behind the petitions (see stats.services)."""
    from django.core.cache import cache

    from stats.services import monthly_figures_sweep as sweep

    # One sweep at a time: a slow run is not stacked by the next minute's.
    if not cache.add("stats:monthly_figures_sweep", 1, timeout=55):
        return 0
    try:
        return sweep(max_missing=3)  # a few unbuilt months a minute: within the time limit at 1,000,000
    finally:
        cache.delete("stats:monthly_figures_sweep")


@shared_task(name="stats.candidates_sweep", soft_time_limit=50, time_limit=58)
def candidates_sweep() -> int:
    """Segment new petitions and rebuild the topic candidates' months (stats.services_candidates)."""
    from django.core.cache import cache

    from stats.services_candidates import candidates_sweep as sweep

    if not cache.add("stats:candidates_sweep", 1, timeout=55):
        return 0
    try:
        return sweep()
    finally:
        cache.delete("stats:candidates_sweep")
