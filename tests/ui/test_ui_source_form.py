"""The source forms on the review page: an invalid URL is said once, next to its field, and
the field's aria-describedby names the element that says it."""

from __future__ import annotations

import re

import pytest

from annotations import services
from annotations.models import Source

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
BAD_URLS = ["not a url", "javascript:alert(1)", "ftp://example.org/report"]


def assert_error_said_once_and_described(html: str, field_id: str) -> None:
    assert html.count("Enter a valid URL.") == 1
    field = re.search(rf'<input[^>]* id="{field_id}"[^>]*>', html).group()
    assert f'aria-describedby="{field_id}_error"' in field
    assert 'aria-invalid="true"' in field
    error = re.search(rf'<[a-z]+ id="{field_id}_error"[^>]*>(.*?)</div>', html, re.S)
    assert error is not None, f"no element has the id {field_id}_error"
    assert "Enter a valid URL." in error.group(1)


@pytest.mark.parametrize("url", BAD_URLS)
def test_adding_a_source_with_a_bad_url_says_so_once(alice_client, claim, url):
    response = alice_client.post(
        f"/claims/{claim.pk}/sources/", {"url": url, "stance": "context"}, **HX
    )
    assert response.status_code == 200
    assert_error_said_once_and_described(response.content.decode(), "id_url")
    assert not Source.objects.exists()


@pytest.mark.parametrize("url", BAD_URLS)
def test_editing_a_source_to_a_bad_archived_url_says_so_once(alice_client, claim, alice, url):
    source = services.source_add(claim=claim, user=alice, url="https://example.org/a")
    prefix = f"s{source.pk}"
    response = alice_client.post(
        f"/sources/{source.pk}/",
        {f"{prefix}-url": source.url, f"{prefix}-stance": "context",
         f"{prefix}-archived_url": url, f"{prefix}-version": "1"},
        **HX,
    )  # fmt: skip
    assert response.status_code == 200
    assert_error_said_once_and_described(response.content.decode(), f"id_{prefix}-archived_url")
    assert Source.objects.get().version == 1
