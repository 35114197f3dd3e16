"""The admin's webhook pages: admins register (the secret shown once), see deliveries and
why an endpoint was disabled, enable it and redeliver; editors do not see them."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from annotations.webhooks import delivery
from annotations.webhooks.events import event_record
from annotations.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(username="adam", role="admin", is_staff=True))
    return client


def test_an_admin_registers_an_endpoint_and_is_shown_the_secret_once(admin_client, receiver):
    response = admin_client.post(
        "/admin/annotations/webhookendpoint/add/",
        {"url": receiver.url, "events": ["claim.published"], "description": "CMS",
         "deliveries-TOTAL_FORMS": "0", "deliveries-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = WebhookEndpoint.objects.get()
    assert any(endpoint.secret in str(m) for m in get_messages(response.wsgi_request))
    change = f"/admin/annotations/webhookendpoint/{endpoint.pk}/change/"
    assert endpoint.secret in admin_client.get(change).content.decode()  # the message
    page = admin_client.get(change)
    assert page.status_code == 200 and endpoint.secret not in page.content.decode()


def test_deliveries_disabled_reason_enable_and_redeliver(admin_client, receiver):
    receiver.script = [410]
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, events=["article.created"])
    event_record(type="article.created", data=lambda: {"id": 1})
    sent = WebhookDelivery.objects.get()
    assert delivery.attempt(sent.pk) == "failed"
    listing = admin_client.get("/admin/annotations/webhookendpoint/").content.decode()
    assert "410 Gone" in listing
    page = admin_client.get(f"/admin/annotations/webhookdelivery/{sent.pk}/change/")
    assert page.status_code == 200 and "HTTP 410" in page.content.decode()
    admin_client.post("/admin/annotations/webhookendpoint/",
                      {"action": "enable", "_selected_action": [endpoint.pk]})  # fmt: skip
    endpoint.refresh_from_db()
    assert endpoint.is_active
    admin_client.post("/admin/annotations/webhookdelivery/",
                      {"action": "redeliver", "_selected_action": [sent.pk]})  # fmt: skip
    assert delivery.attempt(sent.pk) == "succeeded"
    assert WebhookAttempt.objects.count() == 2


def test_editors_do_not_see_webhooks_in_the_admin(db):
    client = Client()
    client.force_login(UserFactory(username="ed", role="editor", is_staff=True))
    assert client.get("/admin/annotations/webhookendpoint/").status_code == 403
