"""Standard Webhooks signatures, with the reference library (``standardwebhooks``)."""

from __future__ import annotations

from datetime import datetime

from standardwebhooks.webhooks import Webhook


def signed_headers(*, secret: str, message_id: str, timestamp: datetime, body: str) -> dict:
    """The three headers of a delivery: webhook-id, webhook-timestamp, webhook-signature
    (``v1,<base64 HMAC-SHA256(key, id.timestamp.body)>``, key = the secret after whsec_)."""
    signature = Webhook(secret).sign(msg_id=message_id, timestamp=timestamp, data=body)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature,
    }
