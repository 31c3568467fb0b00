"""The notification backend of bench/load.py: deferred like the production gateway (each message
is a PendingNotification row sent by a Celery worker), and "sending" appends one JSON line to the
file BENCH_NOTIFY_LOG. Lines are short and the file is opened with O_APPEND, so the web and worker
processes writing at once never interleave a line. The run counts a line whose recipient, subject
and body repeat another's as a notice sent twice."""

import hashlib
import json
import os
import time

from common.notifications import BaseBackend, Notification


class RecordingBackend(BaseBackend):
    deferred = True

    def send(self, notification: Notification) -> None:
        digest = hashlib.sha256(
            "\x1f".join((notification.recipient, notification.subject, notification.body)).encode("utf-8")
        ).hexdigest()
        line = json.dumps(
            {
                "digest": digest,
                "channel": notification.channel,
                "subject": notification.subject,
                "body": notification.body,
                "pid": os.getpid(),
                "at": time.time(),
            },
            ensure_ascii=False,
        )
        fd = os.open(os.environ["BENCH_NOTIFY_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
        finally:
            os.close(fd)
