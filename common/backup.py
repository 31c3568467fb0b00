"""Backups that restore: `make backup` and `make restore` (manage.py backup / restore).

A backup is a folder `gzs-<UTC time>/` holding
- database.dump: pg_dump in custom format (pg_restore reads it, table by table, in parallel if asked);
- media.tar.gz: the media folder (citizens' photos);
- manifest.json: when, from which server, the row count of every table and the dashboard's figures
  to date, all read in the very snapshot pg_dump dumped (pg_export_snapshot), and the sha256 and
  size of both files.

The restore goes into an EMPTY database only (it refuses one that holds any table) and an empty
media folder, checks both files against the manifest before touching anything, runs pg_restore,
unpacks the media, and then recounts every table and recomputes the dashboard's figures on the
restored database: the drill passes only when all of them equal the manifest's.

The encryption keys of personal data (PII_ENCRYPTION_KEYS, PII_HASH_KEY) are not in a backup and
must not be: keep them apart (SECURITY.md); a restore without them has unreadable contact data.
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from common.slots import backup_figures

MANIFEST = "manifest.json"
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def _pg_env() -> dict[str, str]:
    """libpq's variables for pg_dump / pg_restore, from the default database's settings."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("backups need PostgreSQL (DATABASE_URL=postgres://…); SQLite is the local demo's")
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(command: list[str], *, env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.stdout.strip()}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _table_counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_catalog.pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
    )
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - names from the catalogue, quoted
        counts[table.removeprefix("public.")] = cursor.fetchone()[0]
    return counts


def _figures(today: datetime.date) -> dict:
    # Through JSON and back, so a figure compares as the manifest stores it (Decimal -> str …).
    return json.loads(json.dumps(backup_figures(today=today), cls=DjangoJSONEncoder, sort_keys=True))


def _media_files(root: Path) -> int:
    return sum(1 for path in root.rglob("*") if path.is_file()) if root.exists() else 0


def backup_create(*, output_dir: Path) -> Path:
    """Write one backup folder under `output_dir` and return it."""
    env = _pg_env()
    now = timezone.now()
    target = Path(output_dir) / f"gzs-{now.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"
    target.mkdir(parents=True, exist_ok=False)
    today = timezone.localdate(now)
    try:
        # One snapshot for the dump, the counts and the figures: what the manifest says is what
        # the dump holds, while the application goes on writing.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    f"--file={target / DATABASE_FILE}",
                ],
                env=env,
            )
            tables = _table_counts(cursor)
            figures = _figures(today)
        # The media after the snapshot: every photo the dumped rows name is in the archive (unless
        # the retention sweep deleted it meanwhile); a newer one is an extra file, harmless.
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(target / MEDIA_FILE, "w:gz") as archive:
            if media_root.exists():
                archive.add(media_root, arcname="media")
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "today": today.isoformat(),
            "database": {"name": settings.DATABASES["default"]["NAME"], "server_version": server_version},
            "tables": tables,
            "figures": figures,
            "media_files": _media_files(media_root),
            "files": {
                name: {"sha256": _sha256(target / name), "bytes": (target / name).stat().st_size}
                for name in (DATABASE_FILE, MEDIA_FILE)
            },
        }
        (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def backup_verify_files(source: Path) -> dict:
    """The manifest, once both files match its checksums and sizes."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source / MANIFEST}: not a readable manifest ({exc.__class__.__name__})") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: backup format {manifest.get('format')!r}, this release reads {FORMAT}")
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"{path} is missing")
        if path.stat().st_size != expected["bytes"] or _sha256(path) != expected["sha256"]:
            raise BackupError(f"{path} does not match its checksum in the manifest: damaged or altered")
    return manifest


def _database_is_empty(cursor) -> bool:
    cursor.execute(
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
    )
    return cursor.fetchone()[0] == 0


def backup_restore(*, source: Path) -> dict:
    """Restore the backup in `source` into the configured database, which must be empty, and the
    media folder, which must be empty too; then check the counts and the figures. Returns what
    was compared: {"tables": n, "rows": n, "figures": n, "media_files": n}."""
    manifest = backup_verify_files(source)
    env = _pg_env()
    media_root = Path(settings.MEDIA_ROOT)
    with connection.cursor() as cursor:
        if not _database_is_empty(cursor):
            raise BackupError(
                f"database {settings.DATABASES['default']['NAME']} is not empty: restore into a new one "
                "(createdb), never over a database in use"
            )
    if _media_files(media_root):
        raise BackupError(f"media folder {media_root} is not empty: restore into an empty one")
    connection.close()
    _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={env['PGDATABASE']}",
          str(Path(source) / DATABASE_FILE)], env=env)  # fmt: skip
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(Path(source) / MEDIA_FILE, "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name == "media" or m.name.startswith("media/")]
        for member in members:
            member.name = member.name.removeprefix("media").lstrip("/") or "."
        archive.extractall(media_root, members=members, filter="data")
    # The drill: the restored database says what the backed-up one said.
    with connection.cursor() as cursor:
        tables = _table_counts(cursor)
    problems = [
        f"{table}: {manifest['tables'].get(table)} rows backed up, {tables.get(table)} restored"
        for table in sorted(set(tables) | set(manifest["tables"]))
        if tables.get(table) != manifest["tables"].get(table)
    ]
    figures = _figures(datetime.date.fromisoformat(manifest["today"]))
    if figures != manifest["figures"]:
        problems.append("the dashboard's figures differ from those recorded in the backup")
    media_files = _media_files(media_root)
    if media_files != manifest["media_files"]:
        problems.append(f"media: {manifest['media_files']} files backed up, {media_files} restored")
    if problems:
        raise BackupError("restored, but the drill failed:\n  " + "\n  ".join(problems))
    return {
        "tables": len(tables),
        "rows": sum(tables.values()),
        "figures": len(figures),
        "media_files": media_files,
    }
