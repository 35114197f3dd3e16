"""Where the server may send a request: the one check for webhooks and URL import.

A destination is http or https, and every address its host name resolves to is a public
one: no loopback, private, link-local (the cloud metadata service at 169.254.169.254),
multicast, reserved or unspecified address, no IPv6 unique-local or IPv4-mapped private
address — unless ``FACTCHECK_WEBHOOK_ALLOW_PRIVATE`` is on (development and tests).

:func:`fetch` resolves and checks the host, then connects to the address it checked (so a
name that resolves differently a moment later — DNS rebinding — is not followed), sends the
host name in the ``Host`` header and in TLS (SNI and certificate check), follows no
redirects, and stops reading at a size cap and a deadline.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import certifi
import httpx
from django.conf import settings

SCHEMES = ("http", "https")
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("fd00:ec2::254"),
}


class UnsafeDestination(ValueError):
    """A URL the server must not request; ``str(error)`` says why, in one line."""


class ResponseTooLarge(ValueError):
    """The answer was longer than the cap."""


@dataclass(frozen=True)
class Destination:
    url: str
    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]


@dataclass
class FetchResult:
    status_code: int
    headers: httpx.Headers
    body: bytes
    duration_ms: int
    truncated: bool = False


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context per process: building one costs more than a local delivery."""
    return ssl.create_default_context(cafile=certifi.where())


def allow_private() -> bool:
    return bool(settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE)


# Private networks proper (RFC 1918, carrier-grade NAT, IPv6 unique local addresses).
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
)


def unsafe_reason(address: str) -> str | None:
    """Why the server must not connect to this IP address, or None if it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    checks = (
        (ip.is_loopback, "a loopback address"),
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (any(ip in network for network in PRIVATE_NETWORKS), "a private address"),
        # Benchmarking, documentation, broadcast ...: not private, and not public either.
        (ip.is_private, "a special-purpose address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),
    )
    return next((why for bad, why in checks if bad), None)


def check_url(url: str, *, resolve: bool = True) -> Destination:
    """The destination of ``url`` with the addresses it resolves to, or UnsafeDestination."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeDestination(f"not a valid URL ({error})") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UnsafeDestination("only http and https URLs are allowed")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeDestination("the URL has no host")
    if parts.username or parts.password:
        raise UnsafeDestination("credentials in the URL are not allowed")
    port = port or (443 if scheme == "https" else 80)
    addresses: tuple[str, ...] = ()
    if resolve:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError, OSError) as error:
            raise UnsafeDestination(f"the host {host} does not resolve ({error})") from None
        addresses = tuple(dict.fromkeys(info[4][0] for info in infos))
        if not addresses:
            raise UnsafeDestination(f"the host {host} does not resolve")
        if not allow_private():
            for address in addresses:
                why = unsafe_reason(address)
                if why:
                    raise UnsafeDestination(f"{host} resolves to {address}, {why}")
    return Destination(url=url, scheme=scheme, host=host, port=port, addresses=addresses)


def fetch(
    method: str,
    url: str,
    *,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float,
    max_bytes: int,
    refuse_larger: bool = False,
) -> FetchResult:
    """One request to a checked destination, pinned to the address that was checked.

    Reads at most ``max_bytes`` of the answer (``refuse_larger``: raise ResponseTooLarge
    instead of truncating) within ``timeout`` seconds overall. Redirects are returned, not
    followed. Raises UnsafeDestination, ResponseTooLarge or httpx.HTTPError.
    """
    destination = check_url(url)
    address = destination.addresses[0]
    parts = urlsplit(url)
    literal = f"[{address}]" if ":" in address else address
    default_port = destination.port == (443 if destination.scheme == "https" else 80)
    netloc = literal if default_port else f"{literal}:{destination.port}"
    pinned = urlunsplit((destination.scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = parts.netloc.rsplit("@", 1)[-1]
    request_headers = {**(headers or {}), "Host": host_header}
    extensions: dict = {}
    if destination.scheme == "https":
        extensions["sni_hostname"] = destination.host  # TLS checks the name, not the address
    deadline = time.monotonic() + timeout
    started = time.monotonic()
    with httpx.Client(
        follow_redirects=False, timeout=timeout, trust_env=False, verify=_tls_context()
    ) as client:
        request = client.build_request(
            method, pinned, content=content, headers=request_headers, extensions=extensions
        )
        response = client.send(request, stream=True)
        try:
            declared = response.headers.get("content-length", "")
            if refuse_larger and declared.isdigit() and int(declared) > max_bytes:
                raise ResponseTooLarge(f"the answer is larger than {max_bytes:,} bytes")
            chunks: list[bytes] = []
            size = 0
            truncated = False
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    if refuse_larger:
                        raise ResponseTooLarge(f"the answer is larger than {max_bytes:,} bytes")
                    chunks.append(chunk[: max_bytes - (size - len(chunk))])
                    truncated = True
                    break
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout(f"no complete answer within {timeout:g} seconds")
        finally:
            response.close()
    return FetchResult(
        status_code=response.status_code,
        headers=response.headers,
        body=b"".join(chunks),
        duration_ms=round((time.monotonic() - started) * 1000),
        truncated=truncated,
    )
