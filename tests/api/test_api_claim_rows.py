"""The claims the API builds from SQL rows are exactly what its schema documents."""

import pytest
import yaml

from annotations import services
from annotations.api.claim_rows import claim_row_to_dict, claim_rows
from annotations.api.serializers import ClaimSerializer
from tests.api.conftest import client_for
from tests.factories import rating

pytestmark = pytest.mark.django_db


def test_row_keys_are_the_documented_claim_fields(published_claim, bob, carol):
    # With a proposed correction, so every nested field is present too.
    claim = services.claim_correct(
        claim=published_claim, user=bob, version=published_claim.version,
        rating=rating("false"), note="New figures.",
    )  # fmt: skip
    row = claim_row_to_dict(claim_rows([claim.pk])[0])
    assert list(row) == list(ClaimSerializer().fields)
    pending = ClaimSerializer().fields["pending_correction"]
    assert list(row["pending_correction"]) == list(pending.fields)


def test_the_openapi_schema_lists_the_same_fields(alice, claim):
    response = client_for(alice).get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    documented = schema["components"]["schemas"]["Claim"]["properties"]
    row = claim_row_to_dict(claim_rows([claim.pk])[0])
    assert set(documented) == set(row)
    api = client_for(alice).get(f"/api/v1/claims/{claim.pk}/").json()
    assert list(api) == list(row)
