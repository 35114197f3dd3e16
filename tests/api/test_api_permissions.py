"""The permission matrix: every role by endpoint by method, in one test that fails on any leak.

`minimum` is the least role that may do it; everyone below gets 403 (no group: 403 too),
anonymous callers 401. Allowed calls must succeed (2xx), so the matrix also proves the
roles that should get through do. `ABSENT` is what no role may do because the endpoint has no
such method: 405 for everyone signed in, whatever their role.
"""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations import services
from annotations.models import (
    ArticleImport,
    ClaimReviewImport,
    Note,
    ReportFile,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from tests.factories import UserFactory, make_article, rating

pytestmark = pytest.mark.django_db

LADDER = ["anonymous", "nobody", "viewer", "editor", "reviewer", "admin"]
ABSENT = "absent"
TEXT = (
    "Roads Budget\n\n"
    "The city spent $1.2 billion on roads in 2023.\n"
    "That is 40 percent more than in 2019, according to the auditor.\n"
    "The mayor said 3,000 potholes were fixed last year.\n"
    "Unemployment fell to 4.1 percent in March, the statistics office said.\n"
    "The council approved 12 new bus lanes in 2022.\n"
    "Rents rose by 9 percent in 2024, according to the housing agency.\n"
)

# (method, path, body, if_match object, minimum role)
CASES = [
    ("get", "/api/v1/articles/", None, None, "viewer"),
    ("post", "/api/v1/articles/", {"body": "New Story\n\nThe port handled 2 million boxes.\n"},
     None, "editor"),
    ("get", "/api/v1/articles/{article}/", None, None, "viewer"),
    ("delete", "/api/v1/articles/{article}/", None, None, "admin"),
    ("get", "/api/v1/articles/{article}/segments/", None, None, "viewer"),
    ("get", "/api/v1/claims/", None, None, "viewer"),
    ("post", "/api/v1/claims/", {"article": "{article}", "segments": ["{free_segment}"]},
     None, "editor"),
    ("post", "/api/v1/claims/bulk/", {"claims": [{"article": "{article}",
     "segments": ["{free_segment}"], "rating": "false", "summary": "No.",
     "sources": [{"url": "https://example.org/x"}]}]}, None, "editor"),
    ("get", "/api/v1/claims/{draft}/", None, None, "viewer"),
    ("patch", "/api/v1/claims/{draft}/", {"claimant": "Mayor"}, "draft", "editor"),
    ("post", "/api/v1/claims/{rated}/submit/", None, "rated", "editor"),
    ("post", "/api/v1/claims/{in_review}/publish/", None, "in_review", "reviewer"),
    ("post", "/api/v1/claims/{draft}/dismiss/", None, "draft", "editor"),
    ("post", "/api/v1/claims/{published}/correct/", {"rating": "false", "note": "New data."},
     "published", "reviewer"),
    ("get", "/api/v1/claims/{draft}/history/", None, None, "viewer"),
    ("get", "/api/v1/claims/{draft}/sources/", None, None, "viewer"),
    ("post", "/api/v1/claims/{draft}/sources/", {"url": "https://example.org/x"}, None, "editor"),
    ("get", "/api/v1/claims/{draft}/sources/{source}/", None, None, "viewer"),
    ("patch", "/api/v1/claims/{draft}/sources/{source}/", {"title": "T"}, "source", "editor"),
    ("delete", "/api/v1/claims/{draft}/sources/{source}/", None, "source", "editor"),
    ("get", "/api/v1/claims/{draft}/notes/", None, None, "viewer"),
    ("post", "/api/v1/claims/{draft}/notes/", {"body": "Call them."}, None, "editor"),
    ("get", "/api/v1/claims/{draft}/notes/{note}/", None, None, "viewer"),
    ("patch", "/api/v1/claims/{draft}/notes/{note}/", {"body": "Edited"}, "note", "editor"),
    ("delete", "/api/v1/claims/{draft}/notes/{note}/", None, "note", "editor"),
    ("get", "/api/v1/claims/{in_review}/votes/", None, None, "viewer"),
    ("post", "/api/v1/claims/{in_review}/votes/", {"rating": "false", "reason": "Agree."},
     None, "reviewer"),
    ("get", "/api/v1/agreement/", None, None, "viewer"),
    ("post", "/api/v1/match/", {"text": "Rents rose by 9 percent in 2024."}, None, "viewer"),
    ("get", "/api/v1/claims/{draft}/similar/", None, None, "viewer"),
    ("get", "/api/v1/claims/{draft}/matches/", None, None, "viewer"),
    ("get", "/api/v1/search/?q=rents", None, None, "viewer"),
    ("get", "/api/v1/claimreviews/", None, None, "viewer"),
    ("post", "/api/v1/claimreviews/", {"@type": "ClaimReview", "url": "https://c.example/1",
     "claimReviewed": "Rents rose by 9 percent."}, None, "editor"),
    ("get", "/api/v1/ratings/", None, None, "viewer"),
    ("get", "/api/v1/ratings/false/", None, None, "viewer"),
    ("post", "/api/v1/ratings/", {"slug": "x", "label": "X", "colour": "#000000"}, None, ABSENT),
    ("delete", "/api/v1/ratings/false/", None, None, ABSENT),
    ("post", "/api/v1/articles/", {"url": "https://93.184.216.34/news"}, None, "editor"),
    ("get", "/api/v1/imports/{import}/", None, None, "editor"),
    ("get", "/api/v1/claimreview-imports/{claimreview_import}/", None, None, "editor"),
    ("get", "/api/v1/report-files/{report_file}/", None, None, "viewer"),
    ("get", "/api/v1/report-files/{report_file}/download", None, None, "viewer"),
    ("get", "/api/v1/webhooks/", None, None, "admin"),
    ("post", "/api/v1/webhooks/", {"url": "https://93.184.216.34/hook",
                                   "events": ["claim.published"]}, None, "admin"),
    ("get", "/api/v1/webhooks/{webhook}/", None, None, "admin"),
    ("get", "/api/v1/webhooks/{webhook}/deliveries/", None, None, "admin"),
    ("post", "/api/v1/webhooks/{webhook}/enable/", None, None, "admin"),
    ("post", "/api/v1/webhooks/{webhook}/deliveries/{delivery}/redeliver/", None, None, "admin"),
    ("delete", "/api/v1/webhooks/{webhook}/", None, None, "admin"),
    ("get", "/api/v1/users/me/", None, None, "nobody"),
    ("delete", "/api/v1/auth/token/", None, None, "nobody"),
    ("get", "/api/schema/", None, None, "nobody"),
    ("get", "/api/docs/", None, None, "nobody"),
]  # fmt: skip


def _world(user):
    """Objects at every workflow step; the note is the acting user's own (authors edit notes)."""
    rater = UserFactory(username="rita", role="editor")
    approver = UserFactory(username="paul", role="reviewer")
    article = make_article(TEXT)
    sentences = list(article.segments.filter(kind="sentence"))

    def new_claim(index):
        return services.claim_create(article=article, segments=[sentences[index]], user=rater)

    def rate(claim):
        return services.claim_update(
            claim=claim, user=rater, version=claim.version, rating=rating("half-true"),
            summary="Partly.",
        )  # fmt: skip

    draft = new_claim(0)
    rated = rate(new_claim(1))
    in_review = rate(new_claim(2))
    in_review = services.claim_submit(claim=in_review, user=rater, version=in_review.version)
    published = rate(new_claim(3))
    published = services.claim_submit(claim=published, user=rater, version=published.version)
    published = services.claim_publish(claim=published, user=approver, version=published.version)
    source = services.source_add(claim=draft, user=rater, url="https://example.org/a")
    note = Note.objects.create(claim=draft, author=user or rater, body="Mine.")
    endpoint = WebhookEndpoint.objects.create(url="https://93.184.216.34/h", events=["x"])
    sent = WebhookDelivery.objects.create(
        endpoint=endpoint, event=WebhookEvent.objects.create(type="x", data={}), attempts=1
    )
    job = ArticleImport.objects.create(url="https://e.org/a", requested_by=user or rater)
    bulk = ClaimReviewImport.objects.create(document=b"", requested_by=user or rater)
    report_file = ReportFile.objects.create(
        filters={}, base_url="http://testserver", key="k", filename="r.pdf", status="done",
        content=b"%PDF-1.4", requested_by=user or rater,
    )  # fmt: skip
    etags = {
        "draft": draft.etag,
        "rated": rated.etag,
        "in_review": in_review.etag,
        "published": published.etag,
    }
    return {
        "ids": {
            "article": article.pk,
            "free_segment": sentences[5].pk,
            "draft": draft.pk,
            "rated": rated.pk,
            "in_review": in_review.pk,
            "published": published.pk,
            "source": source.pk,
            "note": note.pk,
            "webhook": endpoint.pk,
            "delivery": sent.pk,
            "import": job.pk,
            "claimreview_import": bulk.pk,
            "report_file": report_file.pk,
        },
        "etags": etags,
    }


def _fill(value, ids):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _etag(client, name, world, path):
    if name in world["etags"]:
        return world["etags"][name]
    # Sources and notes: the ETag of the object as its reader last saw it.
    return client.get(path)["ETag"]


@pytest.mark.parametrize("role", LADDER)
@pytest.mark.parametrize(
    ("method", "path", "body", "if_match", "minimum"),
    CASES,
    ids=[f"{c[0].upper()} {c[1]}" for c in CASES],
)
def test_permission_matrix(role, method, path, body, if_match, minimum):
    user = None
    if role != "anonymous":
        user = UserFactory(username=f"the-{role}", role=None if role == "nobody" else role)
    world = _world(user)
    url = path.format(**world["ids"])
    client = APIClient()
    headers = {}
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    if if_match:
        reader = APIClient()
        viewer = UserFactory(username="reader", role="viewer")
        reader.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=viewer).key}")
        headers["HTTP_IF_MATCH"] = _etag(reader, if_match, world, url)

    response = getattr(client, method)(url, _fill(body, world["ids"]), format="json", **headers)

    allowed = minimum not in (None, ABSENT) and LADDER.index(role) >= LADDER.index(minimum)
    if minimum == ABSENT and role != "anonymous":
        assert response.status_code == 405, (role, response.status_code, response.data)
        assert response.json()["error"] == "method_not_allowed"
    elif allowed:
        assert 200 <= response.status_code < 300, (role, response.status_code, response.data)
    elif role == "anonymous":
        assert response.status_code == 401, response.status_code
    else:
        assert response.status_code == 403, (role, response.status_code, response.data)
        assert response.json()["error"] == "permission_denied"
