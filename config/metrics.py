"""Prometheus metrics at /metrics: request rates and latencies by view, and the system's own gauges.

Request metrics are counted by RequestMetricsMiddleware in each web process. Under gunicorn (several
worker processes) they are kept in files under PROMETHEUS_MULTIPROC_DIR and added up at each
scrape (prometheus_client's multiprocess mode; deploy/gunicorn.conf.py empties the folder at start
and drops a dead worker's gauges). The gauges about the work itself are read at scrape time from
PostgreSQL and the broker, so any web process answers the same:

- gzs_outbox_waiting, gzs_outbox_oldest_age_seconds, gzs_outbox_oldest_due_age_seconds: hand-offs
  not yet delivered, and how long the oldest has waited (all of them / those due now);
- gzs_overdue_cases{workstation}: open cases past their deadline;
- gzs_celery_queue_length{queue}: messages waiting in each Celery queue (Redis LLEN);
- gzs_beat_last_tick_age_seconds and gzs_beat_last_tick_timestamp_seconds: the beat's heartbeat;
- gzs_notification_failures{kind}: reminders tried and not sent ("notice") and messages to citizens
  and staff still unsent after NOTIFICATION_STUCK_SECONDS ("message").

Who may read it: this host (loopback, no proxy hop) or a scraper holding settings.METRICS_TOKEN, the
rule of /healthz's details (common/http.py).
"""

import logging
import os
import time

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from common.http import is_loopback_request, presents_token

logger = logging.getLogger(__name__)

# A message of notify_later older than this is counted as failing (the worker retries with backoff
# for about an hour before it gives up; ten minutes unsent is already worth a look).
NOTIFICATION_STUCK_SECONDS = 600

REQUESTS = Counter(
    "gzs_http_requests",
    "HTTP requests answered, by view, method and status class.",
    ["view", "method", "status"],
    registry=None,
)
LATENCY = Histogram(
    "gzs_http_request_duration_seconds",
    "Time from the request entering Django to the response leaving it, by view and method.",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=None,
)


def _view_label(request) -> str:
    # The URL pattern's name with its namespaces (or the view's dotted path when unnamed): a label
    # with as many values as there are URL patterns, never one per URL.
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else "<unresolved>"


class RequestMetricsMiddleware:
    """First in settings.MIDDLEWARE: counts every response and how long it took, by view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        view = _view_label(request)
        method = request.method if request.method in {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"} else "other"
        REQUESTS.labels(view=view, method=method, status=f"{response.status_code // 100}xx").inc()
        LATENCY.labels(view=view, method=method).observe(time.perf_counter() - started)
        return response


# --- the gauges read at scrape time ---------------------------------------------------------------


def celery_queue_lengths() -> dict[str, int]:
    """Messages waiting in each declared queue, asked of the broker (passive declare: LLEN on Redis)."""
    from celery import current_app

    lengths = {}
    with current_app.connection_for_read() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        channel = conn.default_channel
        for queue in settings.CELERY_TASK_QUEUES:
            try:
                lengths[queue] = channel.queue_declare(queue=queue, passive=True).message_count
            except Exception:  # a queue nobody declared yet holds nothing
                lengths[queue] = 0
    return lengths


class ApplicationCollector:
    """The system's own gauges, read when Prometheus scrapes. A part that cannot be read (broker
    down) is left out and counted in gzs_metrics_errors, so the rest still reaches the monitor."""

    def collect(self):
        from common.selectors import heartbeat_age_seconds, notifications_stuck_count
        from handoffs.selectors import outbox_backlog
        from petitions.selectors import overdue_count_by_workstation
        from reminders.selectors import notices_failing_count

        errors = GaugeMetricFamily("gzs_metrics_errors", "Parts of /metrics that could not be read.", labels=["part"])

        def part(name, build):
            try:
                yield from build()
            except Exception as exc:
                logger.warning("metrics: %s unreadable (%s)", name, exc.__class__.__name__)
                errors.add_metric([name], 1)

        def outbox():
            backlog = outbox_backlog()
            yield GaugeMetricFamily(
                "gzs_outbox_waiting", "Hand-offs in the outbox not yet delivered.", value=backlog.waiting
            )
            yield GaugeMetricFamily(
                "gzs_outbox_oldest_age_seconds",
                "Age of the oldest hand-off not yet delivered (0: none).",
                value=backlog.oldest_age_seconds or 0,
            )
            yield GaugeMetricFamily(
                "gzs_outbox_oldest_due_age_seconds",
                "How long the oldest hand-off whose try is due has waited for a worker (0: none).",
                value=backlog.oldest_due_age_seconds or 0,
            )

        def overdue():
            family = GaugeMetricFamily(
                "gzs_overdue_cases", "Open cases past their deadline, by workstation.", labels=["workstation"]
            )
            for code, count in sorted(overdue_count_by_workstation().items()):
                family.add_metric([code], count)
            yield family

        def queues():
            family = GaugeMetricFamily(
                "gzs_celery_queue_length", "Messages waiting in a Celery queue.", labels=["queue"]
            )
            for queue, length in celery_queue_lengths().items():
                family.add_metric([queue], length)
            yield family

        def beat():
            age = heartbeat_age_seconds(name="beat")
            yield GaugeMetricFamily(
                "gzs_beat_last_tick_age_seconds",
                "Seconds since the beat's last tick ran (-1: never).",
                value=-1 if age is None else age,
            )
            yield GaugeMetricFamily(
                "gzs_beat_last_tick_timestamp_seconds",
                "Unix time of the beat's last tick (0: never).",
                value=0 if age is None else time.time() - age,
            )

        def notifications():
            family = GaugeMetricFamily(
                "gzs_notification_failures",
                "Notices tried and not sent (notice); messages unsent for ten minutes (message).",
                labels=["kind"],
            )
            family.add_metric(["notice"], notices_failing_count())
            family.add_metric(["message"], notifications_stuck_count(older_than_seconds=NOTIFICATION_STUCK_SECONDS))
            yield family

        for name, build in (
            ("outbox", outbox),
            ("overdue", overdue),
            ("queues", queues),
            ("beat", beat),
            ("notifications", notifications),
        ):
            yield from part(name, build)
        yield errors


def registry() -> CollectorRegistry:
    """This scrape's registry: every web process's request metrics, and the gauges."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(ApplicationCollector())
    return registry


def may_read_metrics(request) -> bool:
    return is_loopback_request(request) or presents_token(
        request, getattr(settings, "METRICS_TOKEN", ""), header="HTTP_X_METRICS_TOKEN"
    )


@never_cache
@require_GET
def metrics(request):
    if not may_read_metrics(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
