"""Two clients write the same claim with the same ETag at the same moment: one wins, one gets 412.

On PostgreSQL the two requests really run at once, from two threads with their own database
connections; the services' row lock (SELECT ... FOR UPDATE) decides who is first. SQLite
cannot hold two writers, so there the same requests run one after the other.
"""

import threading

import pytest
from django.db import connection, connections

from annotations import services
from annotations.models import Claim
from tests.api.conftest import client_for


@pytest.fixture(autouse=True)
def _roles(reference_data):
    """Transactional tests empty every table: the roles and ratings come back first."""


@pytest.mark.django_db(transaction=True)
def test_same_etag_from_two_clients_exactly_one_wins(article, alice, bob):
    sentence = article.segments.filter(kind="sentence").first()
    claim = services.claim_create(article=article, segments=[sentence], user=alice)
    url = f"/api/v1/claims/{claim.pk}/"
    clients = {"alice": client_for(alice), "bob": client_for(bob)}
    results = {}

    def write(name):
        try:
            response = clients[name].patch(
                url, {"claimant": f"told by {name}"}, format="json", HTTP_IF_MATCH=claim.etag
            )
            results[name] = (response.status_code, response.json())
        finally:
            connections.close_all()  # this thread's own connection

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)

        def at_once(name):
            barrier.wait()
            write(name)

        threads = [threading.Thread(target=at_once, args=(name,)) for name in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for name in clients:
            write(name)

    codes = sorted(code for code, _ in results.values())
    assert codes == [200, 412], results
    winner = next(name for name, (code, _) in results.items() if code == 200)
    loser = next(name for name, (code, _) in results.items() if code == 412)
    assert results[loser][1]["current"]["claimant"] == f"told by {winner}"
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.version == 2
    assert claim.claimant == f"told by {winner}"
    changes = [h for h in claim.history.all() if h.history_type == "~"]
    assert len(changes) == 1
    assert changes[0].history_user.username == winner
