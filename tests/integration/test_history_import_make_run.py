"""The history import on `make run`: SQLite, the filesystem broker, and the worker Procfile.dev
starts, in a data directory of its own. A file uploaded through the API (the page's own service,
batch_upload) is checked and imported by that worker while the status is polled."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.history.conftest import row, xlsx
from tests.integration.test_make_run import ROOT, START_SECONDS, _listening, run_env  # noqa: F401 (a fixture)

SETUP = """
from django.contrib.auth.models import Group
from accounts.models import User
from accounts.roles import Role, role_group_name
from accounts.services import api_token_issue
from petitions.models import Category
from workstations.models import Workstation

Workstation.objects.get_or_create(code="xiliuwan", defaults={"name": "西流湾社区委员工作室", "level": "community"})
Category.objects.get_or_create(code="road", defaults={"name": "道路"})
office = User.objects.create_user(username="office-run", password="x" * 20)
office.groups.add(Group.objects.get(name=role_group_name(Role.OFFICE_STAFF)))
print(api_token_issue(actor=office, user=office, client_name="run", days=1).token)
"""
ROWS = 2500


def test_a_file_imports_on_make_runs_worker_with_sqlite_and_the_filesystem_broker(run_env, tmp_path):  # noqa: F811
    # given make run's database with office staff (and their API token), a workstation, a category
    token = (
        subprocess.run(  # noqa: S603 - our own script, no outside input
            [sys.executable, "manage.py", "shell", "-c", SETUP],
            cwd=ROOT,
            env=run_env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
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
        while not _listening(port) or " ready." not in Path(log.name).read_text():
            assert process.poll() is None, Path(log.name).read_text()
            assert time.monotonic() < deadline, "make run did not start:\n" + Path(log.name).read_text()
            time.sleep(0.5)
        api = f"http://127.0.0.1:{port}/api/v1/history/imports/"
        headers = {"Authorization": f"Bearer {token}"}
        data = xlsx([row(original_number=str(n), content=f"第 {n} 件。") for n in range(ROWS)])

        # when a file is uploaded
        response = requests.post(api, headers=headers, files={"file": ("history.xlsx", data)}, timeout=60)
        assert response.status_code == 202, response.text
        batch_id = response.json()["id"]

        # then make run's worker takes it, and the polls see it run to the end
        seen = set()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status = requests.get(f"{api}{batch_id}/", headers=headers, timeout=30).json()
            seen.add(status["status"])
            if not status["running"]:
                break
            time.sleep(0.2)
        output = Path(log.name).read_text()
        assert status["status"] == "done", (status, output[-4000:])
        assert (status["imported_rows"], status["total_rows"]) == (ROWS, ROWS)
        assert seen & {"checking", "importing"}, seen
        # and the same file again imports nothing more
        again = requests.post(api, headers=headers, files={"file": ("history.xlsx", data)}, timeout=60).json()
        deadline = time.monotonic() + 120
        while (status := requests.get(f"{api}{again['id']}/", headers=headers, timeout=30).json())["running"]:
            assert time.monotonic() < deadline, status
            time.sleep(0.2)
        assert (status["status"], status["already_rows"], status["imported_rows"]) == ("done", ROWS, 0)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    bad = [line for line in Path(log.name).read_text().splitlines() if "Traceback" in line or "ERROR" in line]
    assert bad == [], "\n".join(bad)
