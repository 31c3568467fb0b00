import pytest
from django.conf import settings

from accounts.roles import Role
from common.notifications import LocmemBackend
from tests import factories


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached fragments live in the cache: every test starts without."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # Django keeps the language of the last request active in the thread; an English test must not
    # leave later tests speaking English.
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _notification_outbox():
    LocmemBackend.sent.clear()
    yield LocmemBackend.sent
    LocmemBackend.sent.clear()


@pytest.fixture
def notifications():
    """Every notification sent during the test, as common.notifications.Notification objects."""
    return LocmemBackend.sent


@pytest.fixture
def workstation(db):
    return factories.WorkstationFactory(code="xiliuwan", name="西流湾社区委员工作室")


@pytest.fixture
def other_workstation(db):
    return factories.WorkstationFactory(code="luoxi", name="罗溪社区委员工作室")


@pytest.fixture
def liaison_officer(workstation):
    user = factories.UserFactory(username="liaison", roles=[Role.LIAISON_OFFICER])
    workstation.liaison_officers.add(user)
    return user


@pytest.fixture
def member(workstation):
    return factories.MemberFactory(user__username="member", workstations=[workstation])


@pytest.fixture
def reviewer(db):
    return factories.UserFactory(username="reviewer", roles=[Role.REVIEWER])


@pytest.fixture
def office_staff(db):
    return factories.UserFactory(username="office", roles=[Role.OFFICE_STAFF])


@pytest.fixture
def department(db):
    return factories.DepartmentFactory(name="城管局")


@pytest.fixture
def department_handler(department):
    user = factories.UserFactory(username="handler", roles=[Role.DEPARTMENT_HANDLER])
    department.handlers.add(user)
    return user


@pytest.fixture
def celery_worker_env():
    """Extra environment for the worker process of celery_worker_process (a module overrides it)."""
    return {}


@pytest.fixture
def celery_worker_process(transactional_db, settings, celery_worker_env, tmp_path):
    """A real Celery worker in its own process, on the test's Redis broker and test database.

    Tests that depend on delivery use this rather than eager mode. Yields the Popen object so a
    test can kill it; the worker is stopped afterwards either way. What the worker logs is in the
    file `process.log_path`.
    """
    import os
    import signal
    import subprocess
    import sys
    import time

    from django.db import connection

    from common.health import check_workers
    from config.celery_app import app

    app.control.purge()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        **celery_worker_env,
    }
    log_path = tmp_path / "celery-worker.log"
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=warning",
        ],
        env=env,
        start_new_session=True,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    process.log_path = log_path
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ok, _detail = check_workers()
        if ok:
            break
        time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the Celery worker did not answer a ping within 30 s")
    yield process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    log_file.close()
