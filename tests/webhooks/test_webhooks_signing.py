"""Signatures are Standard Webhooks': the specification's reference vector, and what a
receiver's own library accepts."""

from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook

from annotations.webhooks.signing import signed_headers

# The reference vector published with the Standard Webhooks specification (and Svix's
# libraries): secret, id, timestamp and body, and the signature they must give.
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TIMESTAMP = 1614265330
BODY = '{"test": 2432232314}'
SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_reference_vector_gives_the_reference_signature():
    headers = signed_headers(
        secret=SECRET,
        message_id=MESSAGE_ID,
        timestamp=datetime.fromtimestamp(TIMESTAMP, tz=UTC),
        body=BODY,
    )
    assert headers == {
        "webhook-id": MESSAGE_ID,
        "webhook-timestamp": str(TIMESTAMP),
        "webhook-signature": SIGNATURE,
    }


def test_the_signature_is_hmac_sha256_of_id_timestamp_and_body_with_the_decoded_key():
    import base64
    import hashlib
    import hmac

    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    signed = f"{MESSAGE_ID}.{TIMESTAMP}.{BODY}".encode()
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert f"v1,{expected}" == SIGNATURE


def test_a_receiver_library_verifies_what_we_send_now():
    now = datetime.now(tz=UTC)
    headers = signed_headers(secret=SECRET, message_id="msg_1", timestamp=now, body=BODY)
    assert Webhook(SECRET).verify(BODY, headers) == {"test": 2432232314}
