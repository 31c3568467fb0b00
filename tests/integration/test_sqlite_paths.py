"""The paths a demo user walks pass on SQLite too (`make run`): tests/sqlite/ in a pytest process
of its own on config.settings.test_sqlite, since one process holds one database engine."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_paths_pass_on_sqlite():
    # given a pytest process on the SQLite settings (not an xdist worker of this run)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_SETTINGS"))}

    # when it runs tests/sqlite
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/sqlite", "-q", "-p", "no:xdist", "--ds=config.settings.test_sqlite"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    # then every one of them ran and passed
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.fullmatch(r"\d+ passed in .*", summary), summary
