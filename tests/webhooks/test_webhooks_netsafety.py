"""Safe destinations: one check for webhook registration, delivery and URL import. Names are
resolved through a patched getaddrinfo, so no test needs the network."""

import socket

import pytest

from annotations import netsafety
from annotations.webhooks import delivery
from annotations.webhooks.events import event_record
from annotations.webhooks.models import WebhookAttempt, WebhookDelivery
from tests.api.conftest import client_for

REAL_GETADDRINFO = socket.getaddrinfo


@pytest.fixture
def dns(monkeypatch):
    """Host names → addresses, as a resolver would answer; IP literals resolve as usual."""
    names: dict[str, list[str]] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port))
                for a in names[host]
            ]  # fmt: skip
        return REAL_GETADDRINFO(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


@pytest.fixture
def strict(settings):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = False


REFUSED = [
    "http://127.0.0.1/hook",
    "http://127.1.2.3:8000/hook",
    "http://localhost/hook",
    "http://10.0.0.7/hook",
    "http://172.16.5.4/hook",
    "http://192.168.1.1/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/hook",
    "http://[fd00::1]/hook",
    "http://[fe80::1]/hook",
    "http://[::ffff:10.0.0.1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://0.0.0.0/hook",
    "http://224.0.0.1/hook",
    "http://100.64.0.1/hook",
    "http://240.0.0.1/hook",
]


@pytest.mark.parametrize("url", REFUSED)
def test_loopback_private_link_local_metadata_and_the_rest_are_refused(strict, url):
    with pytest.raises(netsafety.UnsafeDestination):
        netsafety.check_url(url)


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/",
            "http://user:pw@example.org/", "http:///nohost", "http://[::1/"]
)  # fmt: skip
def test_other_schemes_credentials_and_broken_urls_are_refused(strict, url):
    with pytest.raises(netsafety.UnsafeDestination):
        netsafety.check_url(url)


def test_a_name_that_resolves_to_a_private_address_is_refused(strict, dns):
    dns["hooks.example.com"] = ["93.184.216.34", "10.1.2.3"]  # one bad address is enough
    with pytest.raises(netsafety.UnsafeDestination, match=r"10\.1\.2\.3, a private address"):
        netsafety.check_url("https://hooks.example.com/x")
    dns["hooks.example.com"] = ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]
    assert netsafety.check_url("https://hooks.example.com/x").addresses[0] == "93.184.216.34"


def test_private_addresses_are_allowed_only_when_the_setting_says_so(settings):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    assert netsafety.check_url("http://127.0.0.1:9/x").addresses == ("127.0.0.1",)


def test_the_request_goes_to_the_address_that_was_checked(receiver, dns):
    # "hooks.example" exists only in our resolver: httpx could not resolve it by itself, so
    # the answer proves it connected to the checked address, with the name in Host.
    port = receiver.url.split(":")[2].split("/")[0]
    dns["hooks.example"] = ["127.0.0.1"]
    result = netsafety.fetch(
        "POST", f"http://hooks.example:{port}/hook", content=b"{}", timeout=3, max_bytes=100
    )
    assert result.status_code == 200
    (request,) = receiver.requests
    assert request.headers["host"] == f"hooks.example:{port}"


@pytest.mark.django_db
def test_registration_refuses_an_unsafe_url(strict, ada, dns):
    dns["intranet.example"] = ["192.168.0.10"]
    for url in ("http://127.0.0.1:8000/x", "http://intranet.example/x", "ftp://example.org/"):
        response = client_for(ada).post(
            "/api/v1/webhooks/", {"url": url, "events": ["claim.published"]}, format="json"
        )
        assert response.status_code == 400, response.json()
        assert "url" in response.json()["fields"]


@pytest.mark.django_db
def test_delivery_checks_again_when_dns_changed_since_registration(strict, ada, dns, receiver):
    from annotations.webhooks import services

    dns["hooks.example.com"] = ["93.184.216.34"]
    services.endpoint_create(url="http://hooks.example.com/x", events=["article.created"], user=ada)
    event_record(type="article.created", data=lambda: {"id": 1})
    dns["hooks.example.com"] = ["127.0.0.1"]  # rebinding to us
    pk = WebhookDelivery.objects.get().pk
    assert delivery.attempt(pk) == "retry"
    attempt = WebhookAttempt.objects.get()
    assert attempt.status_code is None
    assert attempt.error.startswith("destination refused: hooks.example.com resolves to 127.0.0.1")
    assert receiver.requests == []


def test_a_response_larger_than_the_cap_is_refused_or_cut(settings, receiver):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    cut = netsafety.fetch("POST", receiver.url, timeout=3, max_bytes=1)
    assert cut.body == b"o" and cut.truncated
    with pytest.raises(netsafety.ResponseTooLarge):
        netsafety.fetch("POST", receiver.url, timeout=3, max_bytes=1, refuse_larger=True)


@pytest.mark.parametrize(
    ("address", "reason"),
    [("10.1.2.3", "a private address"), ("fd00::1", "a private address"),
     ("198.18.0.1", "a special-purpose address"), ("2001:db8::1", "a special-purpose address"),
     ("255.255.255.255", "a special-purpose address"), ("127.0.0.1", "a loopback address"),
     ("8.8.8.8", None)],
)  # fmt: skip
def test_each_refusal_says_what_kind_of_address_it_is(address, reason):
    assert netsafety.unsafe_reason(address) == reason
