"""PgBouncer in transaction mode between the application and PostgreSQL: a server connection is
ours for one transaction only. Core flows (intake, concurrent locked transitions, the outbox and
its SKIP LOCKED sweep, a hand-off delivered once by a real Celery worker) run through a local
PgBouncer; skipped, saying so, where PgBouncer is not installed."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PGBOUNCER = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None)

FLOWS = [
    "tests/petitions/test_intake_service.py",
    "tests/petitions/test_workflow_concurrency.py",
    "tests/handoffs/test_sweep_and_selectors.py",
    "tests/integration/test_handoff_delivery.py::test_a_hand_off_reaches_the_departments_system_signed",
    "tests/integration/test_handoff_delivery.py::test_a_receiver_failing_twice_gets_it_on_the_third_try_exactly_once",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_pooler_setting_turns_server_side_cursors_off():
    # given production settings behind PgBouncer
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "gzs.example.gov.cn",
        "DATABASE_URL": "postgres://gzs@127.0.0.1:6432/gzs",
        "DATABASE_REPLICA_URL": "postgres://gzs@127.0.0.1:6433/gzs",
        "DATABASE_POOLER": "pgbouncer",
        "PII_ENCRYPTION_KEYS": "Xk3cM2bq0kq9n8xYd0vQy3sU1r6cWf2m5pLhT7aZbE0=",
        "PII_HASH_KEY": "k",
    }
    script = (
        "from django.conf import settings; "
        "print(sorted((a, d.get('DISABLE_SERVER_SIDE_CURSORS', False)) for a, d in settings.DATABASES.items()))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "[('default', True), ('replica', True)]"


@pytest.fixture
def pgbouncer():
    """A PgBouncer in transaction mode on a free port in front of the test's PostgreSQL server."""
    if PGBOUNCER is None:
        pytest.skip("PgBouncer is not installed here (Debian: apt-get install pgbouncer)")
    db = connection.settings_dict
    port = _free_port()
    # PgBouncer will not run as root: as root it drops to the postgres user, who must read its files.
    workdir = Path(tempfile.mkdtemp(prefix="gzs-pgbouncer-"))
    workdir.chmod(0o755)
    (workdir / "users.txt").write_text(f'"{db["USER"]}" "{db["PASSWORD"] or ""}"\n')
    (workdir / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {workdir / 'users.txt'}\n"
        "pool_mode = transaction\nmax_client_conn = 200\ndefault_pool_size = 10\n"
        "ignore_startup_parameters = extra_float_digits,options\n"
    )
    for path in workdir.iterdir():
        path.chmod(0o644)
    command = [PGBOUNCER, str(workdir / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
    log = (workdir / "pgbouncer.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"PgBouncer exited: {(workdir / 'pgbouncer.log').read_text()}")
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("PgBouncer did not listen within 15 s")
    yield port
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.mark.django_db
def test_core_flows_run_behind_pgbouncer_in_transaction_mode(pgbouncer):
    # given the test database's name and Redis database, now reached through PgBouncer
    db = connection.settings_dict
    name = db["NAME"].removeprefix("test_") + "_pgbouncer"
    redis_db = settings.CELERY_BROKER_URL.rsplit("/", 1)[1]
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")},
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{pgbouncer}/{name}",
        "DATABASE_POOLER": "pgbouncer",
        "TEST_REDIS_DB_BASE": redis_db,
    }

    # when the core flows' tests run there, in a pytest of their own
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-p", "no:randomly", "-n", "0", "-q", "--create-db", *FLOWS],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=1800,
    )  # fmt: skip

    # then every one passes
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in summary
    assert "failed" not in summary
    assert "error" not in summary
