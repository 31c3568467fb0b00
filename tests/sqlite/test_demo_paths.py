"""What `make run` relies on, on SQLite: telling citizens and staff. Run by
tests/integration/test_sqlite_paths.py in a process of its own with config.settings.test_sqlite;
skipped in the PostgreSQL run, where the same tests run from their own modules."""

import pytest
from django.conf import settings

from tests.accounts.test_selectors import *  # noqa: F403
from tests.accounts.test_tokens import *  # noqa: F403
from tests.history.conftest import eager_tasks, lookups  # noqa: F401 (fixtures of tests/history/)
from tests.history.test_figures import *  # noqa: F403
from tests.history.test_import import *  # noqa: F403
from tests.history.test_views import *  # noqa: F403
from tests.petitions.conftest import category, on_duty  # noqa: F401 (fixtures of tests/petitions/)
from tests.petitions.test_api_track import *  # noqa: F403
from tests.petitions.test_citizens_to_tell import *  # noqa: F403

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="runs under test_sqlite"
    ),
]
