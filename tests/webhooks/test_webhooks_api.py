"""/api/v1/webhooks/: admins register, list, look at, delete and re-enable endpoints, read
the deliveries and redeliver; everyone else gets 403."""

import base64

import pytest

from annotations.webhooks import delivery
from annotations.webhooks.events import event_record
from annotations.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def register(client, url, events=("claim.published",), **extra):
    return client.post(
        "/api/v1/webhooks/", {"url": url, "events": list(events), **extra}, format="json"
    )


def test_an_admin_registers_an_endpoint_and_sees_the_secret_once(ada, receiver):
    client = client_for(ada)
    response = register(client, receiver.url, ["claim.published", "article.created"],
                        description="CMS")  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["secret"].startswith("whsec_")
    assert len(base64.b64decode(body["secret"].removeprefix("whsec_"))) == 32
    assert body["events"] == ["claim.published", "article.created"]
    assert body["is_active"] is True and body["description"] == "CMS"
    listed = client.get("/api/v1/webhooks/").json()
    assert listed["count"] == 1 and "secret" not in listed["results"][0]
    shown = client.get(f"/api/v1/webhooks/{body['id']}/").json()
    assert "secret" not in shown and shown["url"] == receiver.url
    assert client.delete(f"/api/v1/webhooks/{body['id']}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bob", "victor", "nobody"])
def test_only_admins_may_touch_webhooks(who, request, ada, receiver):
    endpoint = register(client_for(ada), receiver.url).json()
    client = client_for(request.getfixturevalue(who))
    assert register(client, receiver.url).status_code == 403
    for path in ("/api/v1/webhooks/", f"/api/v1/webhooks/{endpoint['id']}/",
                 f"/api/v1/webhooks/{endpoint['id']}/deliveries/"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 403 and response.json()["error"] == "permission_denied"
    assert client.delete(f"/api/v1/webhooks/{endpoint['id']}/").status_code == 403


def test_unknown_events_and_empty_lists_are_400(ada, receiver):
    client = client_for(ada)
    assert "events" in register(client, receiver.url, ["claim.eaten"]).json()["fields"]
    assert "events" in register(client, receiver.url, []).json()["fields"]
    assert "url" in register(client, "not a url").json()["fields"]


def test_deliveries_list_the_attempts_and_a_redelivery_sends_again(ada, receiver):
    client = client_for(ada)
    receiver.script = [500]
    endpoint = register(client, receiver.url, ["article.created"]).json()
    event_record(type="article.created", data=lambda: {"id": 7})
    pk = WebhookDelivery.objects.get().pk
    assert delivery.attempt(pk) == "retry"
    assert delivery.attempt(pk) == "succeeded"
    page = client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries/").json()
    (row,) = page["results"]
    assert row["event_type"] == "article.created" and row["status"] == "succeeded"
    assert row["webhook_id"].startswith("msg_") and row["attempts"] == 2
    first, second = row["attempt_log"]
    assert first["number"] == 1 and first["status_code"] == 500 and first["error"] == "HTTP 500"
    assert first["next_retry_at"] is not None and isinstance(first["duration_ms"], int)
    assert second["status_code"] == 200 and second["next_retry_at"] is None

    url = f"/api/v1/webhooks/{endpoint['id']}/deliveries/{pk}/redeliver/"
    response = client.post(url)
    assert response.status_code == 202 and response.json()["status"] == "pending"
    assert delivery.attempt(pk) == "succeeded"
    assert len({r.headers["webhook-id"] for r in receiver.wait_for(3)}) == 1
    assert (
        client.post(f"/api/v1/webhooks/{endpoint['id']}/deliveries/999/redeliver/").status_code
        == 404
    )


def test_a_disabled_endpoint_says_why_and_can_be_enabled_again(ada, receiver):
    client = client_for(ada)
    receiver.script = [410]
    endpoint = register(client, receiver.url, ["article.created"]).json()
    event_record(type="article.created", data=lambda: {"id": 7})
    pk = WebhookDelivery.objects.get().pk
    assert delivery.attempt(pk) == "failed"
    shown = client.get(f"/api/v1/webhooks/{endpoint['id']}/").json()
    assert shown["is_active"] is False and "410 Gone" in shown["disabled_reason"]
    redeliver = f"/api/v1/webhooks/{endpoint['id']}/deliveries/{pk}/redeliver/"
    assert client.post(redeliver).status_code == 400  # enable it first
    enabled = client.post(f"/api/v1/webhooks/{endpoint['id']}/enable/").json()
    assert enabled["is_active"] is True and enabled["disabled_reason"] == ""
    assert client.post(redeliver).status_code == 202
    assert delivery.attempt(pk) == "succeeded"


def test_the_schema_documents_the_webhook_endpoints(ada):
    schema = client_for(ada).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert "/api/v1/webhooks/" in paths
    assert "/api/v1/webhooks/{id}/deliveries/" in paths
    assert "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver/" in paths
    assert "post" in paths["/api/v1/webhooks/"]
