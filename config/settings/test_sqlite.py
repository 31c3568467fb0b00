"""The test settings on SQLite, the database `make run` uses: for tests/sqlite/, run by
tests/integration/test_sqlite_paths.py (`pytest tests/sqlite --ds=config.settings.test_sqlite`)."""

from .test import *  # noqa: F403

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
