"""`make run` stops cleanly on Ctrl-C and prints its times in one time zone: scripts/run-dev with
Procfile.dev (runserver, a Celery worker and beat) on SQLite and the filesystem broker, as the
Makefile starts it, in a data directory of its own."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 90
STOP_SECONDS = 40


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def run_env(tmp_path):
    # make run's environment: none of the test settings (PostgreSQL, Redis, the test backends)
    dropped = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "NOTIFICATION_BACKEND")
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("PYTEST_")}
    env.update(DATA_DIR=str(tmp_path), WEB_PORT=str(_free_port()), TZ="UTC", PYTHONUNBUFFERED="1")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return env


def test_make_run_stops_cleanly_on_ctrl_c_in_one_time_zone(run_env, tmp_path):
    # given the three processes of make run, started as the Makefile starts them (the machine's
    # own clock on UTC, the office on Asia/Shanghai)
    port = int(run_env["WEB_PORT"])
    log = (tmp_path / "run.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "scripts/run-dev", "Procfile.dev"],
        cwd=ROOT,
        env=run_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _listening(port):
            assert process.poll() is None, Path(log.name).read_text()
            assert time.monotonic() < deadline, "the web server did not start:\n" + Path(log.name).read_text()
            time.sleep(0.5)
        deadline = time.monotonic() + START_SECONDS
        while "celery@" not in (text := Path(log.name).read_text()) or " ready." not in text:
            assert time.monotonic() < deadline, "the worker did not start:\n" + text
            time.sleep(0.5)
        # when the user presses Ctrl-C (the terminal sends SIGINT to the foreground process)
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=STOP_SECONDS)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    output = Path(log.name).read_text()
    # then it exits 0, every process stopped by itself, and no line reports an error
    assert code == 0, output
    stopped = sorted(re.findall(r"(web|worker|beat)\.1 stopped \(rc=(-?\d+)\)", output))
    assert stopped == [("beat", "0"), ("web", "0"), ("worker", "0")], output
    assert "SIGKILL" not in output
    bad = [line for line in output.splitlines() if re.search(r"Traceback|Error|ERROR|CRITICAL", line)]
    assert bad == [], "\n".join(bad)
    # and the time honcho stamps on a line is the time the line itself prints
    stamped = re.findall(r"^(\d\d):\d\d:\d\d \S+\s+\| (?:\[)?\d{4}-\d\d-\d\d (\d\d):\d\d", output, re.M)
    assert stamped, output
    assert all(prefix == own for prefix, own in stamped), stamped
