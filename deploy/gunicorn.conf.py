"""gunicorn settings for the web processes (compose and systemd both start `gunicorn config.wsgi
--config deploy/gunicorn.conf.py`). Every value can be changed from the environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Requests are logged by Django (one JSON line with the request id, common/logs.py); gunicorn's own
# access log would repeat each one without it.
accesslog = None
errorlog = "-"
# The proxy in front (nginx) is the only client; its X-Forwarded-* headers are read by Django
# (TRUSTED_PROXY_COUNT, SECURE_PROXY_SSL_HEADER), not by gunicorn.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Recycle a worker now and then so a slow leak never takes a host down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200


def on_starting(server):
    # /metrics adds up every worker's counters from PROMETHEUS_MULTIPROC_DIR: start with it empty,
    # so the figures of a previous run (other pids) are not counted again.
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.unlink(os.path.join(directory, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
