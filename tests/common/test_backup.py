"""make backup / make restore: a backup of the demo restores into a fresh database with the same
row in every table and the same dashboard, and a restore refuses what it must refuse."""

import json
import os
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone

from common.backup import DATABASE_FILE, MANIFEST, backup_create
from stats.selectors import dashboard_to_date

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def _server():
    db = connection.settings_dict
    return {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"] or None}


def _admin(sql: str) -> None:
    conn = psycopg2.connect(dbname="postgres", **_server())
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


@pytest.fixture
def empty_database():
    """A new, empty database on the test server; dropped afterwards."""
    names = []

    def make() -> str:
        name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        _admin(f'CREATE DATABASE "{name}"')
        names.append(name)
        return name

    yield make
    for name in names:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _url(name: str) -> str:
    server = _server()
    password = f":{server['password']}" if server["password"] else ""
    return f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"


def _manage(*args, database: str, media: Path, check=False):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _url(database),
        "MEDIA_ROOT": str(media),
    }
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=check,
    )


def _counts(name: str) -> dict[str, int]:
    conn = psycopg2.connect(dbname=name, **_server())
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
            tables = [row[0] for row in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        conn.close()


FIGURES_SCRIPT = (
    "import json, datetime; from django.core.serializers.json import DjangoJSONEncoder; "
    "from stats.selectors import dashboard_to_date; "
    "print(json.dumps(dashboard_to_date(today=datetime.date.fromisoformat('{today}')), "
    "cls=DjangoJSONEncoder, sort_keys=True))"
)


@pytest.fixture
def demo_backup(settings, tmp_path):
    """The demo written into the test database, a photo in the media folder, and a backup of both."""
    call_command("seed_demo", allow_production=True, stdout=StringIO())
    media = Path(settings.MEDIA_ROOT)
    (media / "petitions" / "2026").mkdir(parents=True)
    (media / "petitions" / "2026" / "photo.jpg").write_bytes(b"\xff\xd8\xff" + b"x" * 1000)
    return backup_create(output_dir=tmp_path / "backups")


def test_a_backup_of_the_demo_restores_with_every_count_and_the_dashboard(demo_backup, empty_database, tmp_path):
    # given the backup of the demo, and a new empty database
    manifest = json.loads((demo_backup / MANIFEST).read_text())
    source_counts = _counts(connection.settings_dict["NAME"])
    today = timezone.localdate()
    source_figures = json.loads(json.dumps(dashboard_to_date(today=today), cls=DjangoJSONEncoder, sort_keys=True))
    target = empty_database()
    media = tmp_path / "restored-media"

    # when it is restored
    result = _manage("restore", str(demo_backup), database=target, media=media)

    # then the drill passes, and an independent look agrees: every table holds as many rows as the
    # source did (the demo's petitions among them), the dashboard shows the same figures, the photo is back
    assert result.returncode == 0, result.stderr
    assert "counts and" in result.stdout
    assert set(manifest["files"]) == {"database.dump", "media.tar.gz"}
    assert all(len(entry["sha256"]) == 64 and entry["bytes"] > 0 for entry in manifest["files"].values())
    assert manifest["media_files"] == 2  # the photo, and the demo topic's research report
    assert manifest["tables"] == source_counts
    assert _counts(target) == source_counts
    assert source_counts["petitions_petition"] > 0
    figures = _manage("shell", "-c", FIGURES_SCRIPT.format(today=today), database=target, media=media, check=True)
    assert json.loads(figures.stdout.strip().splitlines()[-1]) == source_figures == manifest["figures"]
    assert source_figures["summary"]["collected"] > 0
    assert (media / "petitions" / "2026" / "photo.jpg").read_bytes() == b"\xff\xd8\xff" + b"x" * 1000

    # and a second restore into the now filled database is refused
    again = _manage("restore", str(demo_backup), database=target, media=tmp_path / "other-media")
    assert again.returncode != 0
    assert f"database {target} is not empty" in again.stderr
    assert _counts(target) == source_counts


def test_a_damaged_backup_is_refused_before_anything_is_restored(demo_backup, empty_database, tmp_path):
    # given one byte of the dump changed
    dump = demo_backup / DATABASE_FILE
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    target = empty_database()

    # when
    result = _manage("restore", str(demo_backup), database=target, media=tmp_path / "restored-media")

    # then
    assert result.returncode != 0
    assert "does not match its checksum in the manifest" in result.stderr
    assert _counts(target) == {}
    assert not (tmp_path / "restored-media").exists()
