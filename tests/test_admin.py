"""The admin: every registered model's list (searched, filtered), add, change and history pages."""

import re

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from annotations import services
from tests.factories import UserFactory, correct_and_publish, rating

pytestmark = pytest.mark.django_db

FILTER_LINK = re.compile(r'<a href="(\?[^"]*)"')


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def content(article, alice, bob):
    """One object of each model: a published claim with a source, a note and a correction,
    and an API token."""
    from rest_framework.authtoken.models import Token

    Token.objects.create(user=alice)
    sentence = article.segments.filter(kind="sentence").first()
    claim = services.claim_create(article=article, segments=[sentence], user=alice)
    claim = services.claim_update(
        claim=claim, user=alice, version=claim.version, rating=rating("false"), summary="No."
    )
    services.source_add(claim=claim, user=alice, url="https://example.org/a", title="Audit")
    services.note_add(claim=claim, user=alice, body="Called the office.")
    claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
    claim = services.claim_publish(claim=claim, user=bob, version=claim.version)
    correct_and_publish(
        claim,
        proposer=bob,
        approver=UserFactory(username="carol", role="reviewer"),
        rating=rating("mostly-false"),
        note="Fixed.",
    )
    # Webhooks: an endpoint that wants the publication, its delivery, and the job queued for it.
    from annotations.webhooks.events import event_record, queue_deliveries
    from annotations.webhooks.models import WebhookDelivery, WebhookEndpoint

    WebhookEndpoint.objects.create(url="https://93.184.216.34/hook", events=["claim.published"])
    event_record(type="claim.published", data=lambda: {"id": claim.pk})
    queue_deliveries(list(WebhookDelivery.objects.values_list("pk", flat=True)))


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda model: model._meta.model_name
)
def test_admin_pages_answer(superuser, superuser_client, content, model):
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    response = superuser_client.get(changelist)
    assert response.status_code == 200
    # Every filter and date link in the sidebar, and a search.
    links = set(FILTER_LINK.findall(response.content.decode()))
    for query in sorted(links | {"?q=a"}):
        answer = superuser_client.get(changelist + query.replace("&amp;", "&"))
        assert answer.status_code == 200, query
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None
    pages = [
        reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
        reverse("admin:{}_{}_history".format(*info), args=[obj.pk]),
    ]
    request = RequestFactory().get(changelist)
    request.user = superuser
    if admin.site._registry[model].has_add_permission(request):
        pages.append(reverse("admin:{}_{}_add".format(*info)))
    for page in pages:
        assert superuser_client.get(page).status_code == 200, page


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda model: model._meta.model_name
)
def test_admin_lists_refuse_nul_in_filters_and_search(superuser_client, content, model):
    """PostgreSQL refuses a NUL in a query: a 400 (or the admin's ?e=1), never a 500."""
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    page = superuser_client.get(changelist).content.decode()
    params = {"q", "o", "p"}
    for link in FILTER_LINK.findall(page):
        params.update(part.split("=")[0] for part in link[1:].split("&amp;") if "=" in part)
    for name in sorted(params):
        for value in ("a%00b", "%00"):
            answer = superuser_client.get(f"{changelist}?{name}={value}")
            assert answer.status_code in (200, 302, 400), (name, value, answer.status_code)
