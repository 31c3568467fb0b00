"""The Celery application. Workers and beat start it with `celery -A config worker|beat`."""

import os
from pathlib import Path

from celery import Celery

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
