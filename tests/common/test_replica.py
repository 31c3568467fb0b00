"""The read replica router (common/replica.py). The alias "replica" of the test settings is a second
connection to the test database, which is what a caught-up replica looks like to the code."""

import pytest
from django.db import OperationalError, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from common import replica
from common.replica import ReplicaRouter, use_replica
from petitions.models import Petition
from tests import factories


@pytest.fixture
def replica_on(settings, monkeypatch):
    """A configured replica, 0 s behind unless a test says otherwise; the lag read counted."""
    settings.DATABASE_REPLICA_URL = "postgres://replica.example/gzs"
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 30
    calls = []

    def lag():
        calls.append(1)
        return lag.value

    lag.value = 0.0
    lag.calls = calls
    monkeypatch.setattr(replica, "replica_lag_seconds", lag)
    replica.replica_check_forget()
    yield lag
    replica.replica_check_forget()


def test_reads_go_to_the_primary_outside_use_replica(replica_on):
    assert ReplicaRouter().db_for_read(Petition) is None


def test_reads_inside_use_replica_go_to_the_replica_and_writes_to_the_primary(replica_on):
    router = ReplicaRouter()
    with use_replica():
        assert router.db_for_read(Petition) == "replica"
        assert router.db_for_write(Petition) == "default"
    assert router.db_for_read(Petition) is None


def test_no_replica_configured_means_the_primary(settings):
    settings.DATABASE_REPLICA_URL = ""
    replica.replica_check_forget()
    with use_replica():
        assert ReplicaRouter().db_for_read(Petition) == "default"


def test_a_replica_lagging_beyond_the_limit_is_skipped(replica_on):
    # given the replica 45 s behind, the limit 30 s
    replica_on.value = 45.0
    with use_replica():
        assert ReplicaRouter().db_for_read(Petition) == "default"
    # and once it caught up (after the cached answer expired), it is used again
    replica_on.value = 2.0
    replica.replica_check_forget()
    with use_replica():
        assert ReplicaRouter().db_for_read(Petition) == "replica"


def test_a_replica_that_is_down_is_skipped(replica_on, monkeypatch):
    def down():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(replica, "replica_lag_seconds", down)
    with use_replica():
        assert ReplicaRouter().db_for_read(Petition) == "default"


def test_the_lag_is_read_at_most_once_in_a_few_seconds(replica_on):
    with use_replica():
        for _ in range(20):
            ReplicaRouter().db_for_read(Petition)
    assert len(replica_on.calls) == 1


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_inside_a_transaction_on_the_primary_reads_stay_there(replica_on):
    # (a request that wrote something reads its own write back)
    with transaction.atomic(), use_replica():
        assert ReplicaRouter().db_for_read(Petition) == "default"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_decorated_function_reads_through_the_replica_connection(replica_on):
    # given two petitions on the primary
    factories.PetitionFactory.create_batch(2)

    @use_replica()
    def count():
        return Petition.objects.count()

    # when
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        total = count()

    # then the count was read on the replica's connection
    assert total == 2
    assert len(on_replica.captured_queries) == 1


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_lag_query_runs_on_postgresql(settings):
    # the test database is a primary: 0 s behind by definition
    assert replica.replica_lag_seconds() == 0.0


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_dashboard_and_its_export_read_from_the_replica_and_log_on_the_primary(client, replica_on):
    # given office staff and a case
    office = factories.UserFactory(username="office", roles=[Role.OFFICE_STAFF])
    factories.PetitionFactory()
    client.force_login(office)

    # when the dashboard, its CSV export and the summary API are read
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        page = client.get(reverse("stats:dashboard"))
        export = client.get(reverse("stats:export", args=["csv"]))
        summary = client.get("/api/v1/stats/summary/")

    # then the figures came from the replica, the export's access-log row went to the primary
    assert (page.status_code, export.status_code, summary.status_code) == (200, 200, 200)
    assert summary.json()["collected"] == 1
    replica_sql = " ".join(q["sql"] for q in on_replica.captured_queries)
    primary_sql = " ".join(q["sql"] for q in on_primary.captured_queries)
    assert '"petitions_petition"' in replica_sql
    assert 'INSERT INTO "audit_accesslog"' in primary_sql
    assert "INSERT" not in replica_sql
