"""common.idempotent_api: the API's Idempotency-Key answers, kept 24 hours and then forgotten."""

import datetime

import pytest
from django.utils import timezone

from common.idempotent_api import idempotent_requests_purge
from common.models import IdempotentRequest

pytestmark = pytest.mark.django_db


def test_answers_older_than_a_day_are_purged_and_younger_ones_kept():
    old = IdempotentRequest.objects.create(scope="a" * 64, fingerprint="f", status_code=201, body={})
    young = IdempotentRequest.objects.create(scope="b" * 64, fingerprint="f", status_code=201, body={})
    IdempotentRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))

    deleted = idempotent_requests_purge(batch=1)

    assert deleted == 1
    assert list(IdempotentRequest.objects.values_list("pk", flat=True)) == [young.pk]
