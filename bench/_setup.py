"""Shared by the benchmarks: a separate bench database (created and migrated on first use), so a
benchmark never touches the development or test data."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = os.environ.get("BENCH_DB", "ws_celery_bench")
BENCH_DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"


def setup(broker_url: str = "memory://") -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
    os.environ["CELERY_BROKER_URL"] = broker_url
    _create_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_database() -> None:
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{BENCH_DB}"')
    conn.close()


def work_for_whole_install(user) -> None:
    """Make office staff or a reviewer work for the CPPCC body at the top of the tree (the root whose
    bodies own the most workstations). Since bodies (issue 15) staff of no body see no workstation,
    and a benchmark signed in as them times an empty page."""
    from workstations.models import BodyMembership, CppccBody, Workstation

    roots = list(CppccBody.objects.filter(parent__isnull=True))
    top = max(roots, key=lambda body: Workstation.objects.filter(body__path__startswith=body.path).count())
    BodyMembership.objects.update_or_create(user=user, defaults={"body": top})
    user.__dict__.pop("_cppcc_body", None)
