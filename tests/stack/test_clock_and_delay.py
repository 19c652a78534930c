"""The stack's clock (`/_stack/clock`, patches/clock.py) and delayed endpoint
(`/_stack/delay/<ms>/`): a server whose time is not the client's, and one slow to answer."""

import datetime
import email.utils
import json
import time

from test_presigned import presign


def _set_clock(stack, seconds):
    status, _, body = stack.send(
        "POST", "/_stack/clock", {"Content-Type": "application/json"},
        json.dumps({"offsetSeconds": seconds}).encode(),
    )
    assert status == 200, body
    return json.loads(body)


def _date_offset(headers) -> float:
    date = email.utils.parsedate_to_datetime(headers["date"])
    return (date - datetime.datetime.now(datetime.timezone.utc)).total_seconds()


def test_the_clock_moves_the_date_and_the_signature_checks(stack, user_credentials):
    url = presign(stack, user_credentials, "public/readme.txt", expires=900)
    try:
        assert _set_clock(stack, 1200) == {"offsetSeconds": 1200.0}
        status, headers, _ = stack.send("GET", "/_stack/ping")
        assert abs(_date_offset(headers) - 1200) < 5, headers["date"]
        status, headers, body = stack.json_call(
            "AWSCognitoIdentityProviderService.InitiateAuth", {}
        )
        assert abs(_date_offset(headers) - 1200) < 5, "one Date, the stack's"
        # Signed now, the URL is 20 minutes old for the stack: expired.
        status, _, body = stack.send("GET", url)
        assert status == 403 and b"expired" in body, body
        # Signed on the stack's time, it is good.
        later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=1200)
        status, _, body = stack.send("GET", presign(stack, user_credentials, "public/readme.txt", at=later))
        assert status == 200, body
    finally:
        assert _set_clock(stack, 0) == {"offsetSeconds": 0.0}
    status, headers, _ = stack.send("GET", url)
    assert status == 200
    assert abs(_date_offset(headers)) < 5
    status, _, body = stack.send("POST", "/_stack/clock", {}, b"soon")
    assert status == 400, body


def test_a_delayed_endpoint_answers_late(stack):
    started = time.monotonic()
    status, _, body = stack.send(
        "POST",
        "/_stack/delay/700/",
        {"Content-Type": "application/x-amz-json-1.1",
         "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth"},
        b"{}",
    )
    assert time.monotonic() - started >= 0.7
    assert (status, json.loads(body)["__type"]) == (400, "InvalidParameterException")
    # Preflights are answered at once.
    started = time.monotonic()
    status, headers, _ = stack.send(
        "OPTIONS",
        "/_stack/delay/5000/",
        {"Origin": "http://127.0.0.1:8083", "Access-Control-Request-Method": "POST",
         "Access-Control-Request-Headers": "content-type,x-amz-target"},
    )
    assert time.monotonic() - started < 2
    assert status == 200 and headers["access-control-allow-origin"] == "http://127.0.0.1:8083"
