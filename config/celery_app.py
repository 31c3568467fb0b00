"""The Celery application. Workers and beat start it with `celery -A config worker|beat`."""

import os
from pathlib import Path

from celery import Celery, signals

from common.logs import request_id_sane, request_id_var

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("workstation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_FILESYSTEM_FOLDERS = ("data_folder_in", "data_folder_out", "control_folder", "processed_folder")


@app.on_after_configure.connect
def _create_filesystem_broker_folders(sender, **kwargs):
    # The embedded broker (kombu's filesystem transport) expects its folders to exist.
    if not str(sender.conf.broker_url).startswith("filesystem://"):
        return
    options = sender.conf.broker_transport_options or {}
    for key in _FILESYSTEM_FOLDERS:
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


# --- logs: the worker logs like the web processes, with the id of the request behind each task ---


@signals.setup_logging.connect
def _logging_from_django_settings(**kwargs):
    # Connected, this keeps Celery from installing its own handlers: the worker's lines (and those
    # of celery.app.trace: task received, succeeded, failed) go through settings.LOGGING, with
    # its request-id and personal-data filters and the JSON format of production.
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@signals.before_task_publish.connect
def _request_id_to_task(headers=None, **kwargs):
    # A task started while a request (or another task) is handled carries its id in a header.
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers.setdefault("request_id", request_id)


@signals.task_prerun.connect
def _request_id_from_task(task=None, **kwargs):
    request = getattr(task, "request", None)
    request_id = getattr(request, "request_id", None) or (getattr(request, "headers", None) or {}).get("request_id")
    request_id_var.set(request_id_sane(request_id) or "")


@signals.task_postrun.connect
def _request_id_forget(**kwargs):
    request_id_var.set("")
