import pytest

from departments.choices import DeliveryChannel
from handoffs.services import delivery_create_for_consultation
from tests import factories


@pytest.fixture
def webhook_department(db, httpserver):
    """A department whose own system is a local HTTP server started by the test."""
    return factories.DepartmentFactory(
        name="城管局",
        channel=DeliveryChannel.WEBHOOK,
        webhook_url=httpserver.url_for("/hook"),
        webhook_secret="s3cret-of-the-bureau",
    )


@pytest.fixture
def email_department(db):
    return factories.DepartmentFactory(name="住建局", channel=DeliveryChannel.EMAIL, email="zjj@example.gov.cn")


@pytest.fixture
def make_delivery(db):
    """Write a consultation hand-off to the outbox the way the workflow does. Inside the test's
    transaction its on-commit enqueue never runs: unit tests call the delivery service themselves."""

    def make(department):
        consultation = factories.ConsultationFactory(department=department)
        return delivery_create_for_consultation(consultation=consultation)

    return make
