"""Injected faults (patches/faults.py): POST /_stack/faults makes the next N calls of an
operation fail as described, then the operation is served again."""

from __future__ import annotations

import email.utils
import http.client
import json
import time
from urllib.parse import urlsplit

import pytest

ORIGIN = "http://127.0.0.1:8083"


def _arm(stack, **spec):
    status, headers, body = stack.send(
        "POST", "/_stack/faults", {"Content-Type": "application/json"}, json.dumps(spec).encode()
    )
    assert status == 200, body
    return json.loads(body)["faults"]


@pytest.fixture(autouse=True)
def _disarm(stack):
    yield
    status, _, _ = stack.send("DELETE", "/_stack/faults")
    assert status == 200


def _initiate_auth(stack, raw=False):
    user = stack["users"]["demo"]
    payload = {
        "ClientId": stack["clientId"],
        "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": user["username"], "PASSWORD": user["password"]},
    }
    return stack.send(
        "POST",
        "/",
        {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
            "Origin": ORIGIN,
        },
        json.dumps(payload).encode(),
    )


def _list_objects(stack, path="/demo-bucket?list-type=2&prefix=public%2F&max-keys=2"):
    admin = stack["admin"]
    creds = {"AccessKeyId": admin["accessKeyId"], "SecretKey": admin["secretAccessKey"]}
    request = stack.signed("GET", path, creds)
    return stack.send_signed(request)


ERRORS = [
    ("500", 500, "InternalFailure", "InternalError"),
    ("503", 503, "ServiceUnavailable", "ServiceUnavailable"),
    ("429", 429, "TooManyRequestsException", "TooManyRequests"),
    ("throttling", 400, "ThrottlingException", None),
    ("slowdown", 503, "SlowDown", "SlowDown"),
]


@pytest.mark.parametrize("fault,status,json_type,s3_code", ERRORS)
def test_error_faults_answer_aws_errors_then_the_call_is_served(
    stack, fault, status, json_type, s3_code
):
    _arm(stack, operation="InitiateAuth", count=2, fault=fault)
    for _ in range(2):
        got, headers, body = _initiate_auth(stack)
        assert got == status
        assert json.loads(body)["__type"] == json_type
        assert headers["x-amzn-errortype"] == json_type
        assert headers["access-control-allow-origin"] == ORIGIN
    got, _, body = _initiate_auth(stack)
    assert got == 200 and "AuthenticationResult" in json.loads(body)

    _arm(stack, operation="ListObjectsV2", count=1, fault=fault)
    got, headers, body = _list_objects(stack)
    assert headers["content-type"] == "application/xml"
    if fault == "throttling":
        assert got == 503 and b"<Code>Throttling</Code>" in body
    else:
        assert got == status and f"<Code>{s3_code}</Code>".encode() in body
    got, _, body = _list_objects(stack)
    assert got == 200 and b"<ListBucketResult" in body


def test_faults_match_their_operation_only(stack):
    _arm(stack, operation="GetId", count=1, fault="500")
    _arm(stack, operation="ListObjectsV2", count=1, fault="503")
    got, _, _ = _initiate_auth(stack)
    assert got == 200
    admin = stack["admin"]
    creds = {"AccessKeyId": admin["accessKeyId"], "SecretKey": admin["secretAccessKey"]}
    got, _, body = stack.send_signed(
        stack.signed("GET", "/demo-bucket/public/readme.txt", creds)
    )
    assert got == 200, body
    listed = {(f["operation"], f["remaining"]) for f in _faults(stack)}
    assert listed == {("GetId", 1), ("ListObjectsV2", 1)}
    # The whole target names the operation too.
    status, _, _ = stack.send("DELETE", "/_stack/faults")
    assert status == 200 and _faults(stack) == []
    _arm(stack, operation="AWSCognitoIdentityProviderService.InitiateAuth", fault="503")
    assert _initiate_auth(stack)[0] == 503


def _faults(stack):
    status, _, body = stack.send("GET", "/_stack/faults")
    assert status == 200
    return json.loads(body)["faults"]


def test_reset_closes_the_connection_with_a_rst(stack):
    # A RST, not a FIN (http.client's RemoteDisconnected is a ConnectionResetError too).
    _arm(stack, operation="InitiateAuth", fault="reset")
    with pytest.raises(ConnectionResetError) as caught:
        _initiate_auth(stack)
    assert type(caught.value) is ConnectionResetError
    _arm(stack, operation="ListObjectsV2", fault="reset")
    with pytest.raises(ConnectionResetError) as caught:
        _list_objects(stack)
    assert type(caught.value) is ConnectionResetError
    assert _initiate_auth(stack)[0] == 200


def test_delay_serves_the_real_reply_late(stack):
    _arm(stack, operation="InitiateAuth", fault="delay", delayMs=1200)
    started = time.monotonic()
    got, _, body = _initiate_auth(stack)
    assert time.monotonic() - started >= 1.2
    assert got == 200 and "AuthenticationResult" in json.loads(body)
    started = time.monotonic()
    assert _initiate_auth(stack)[0] == 200
    assert time.monotonic() - started < 1.0


def test_malformed_body_is_not_json_or_xml(stack):
    _arm(stack, operation="InitiateAuth", fault="malformed")
    got, headers, body = _initiate_auth(stack)
    assert got == 200 and headers["content-type"] == "application/x-amz-json-1.1"
    with pytest.raises(ValueError):
        json.loads(body)
    _arm(stack, operation="ListObjectsV2", fault="malformed")
    got, _, body = _list_objects(stack)
    assert got == 200 and body.startswith(b"<?xml") and not body.endswith(b">")


def test_html_is_a_gateway_page(stack):
    _arm(stack, operation="InitiateAuth", fault="html")
    got, headers, body = _initiate_auth(stack)
    assert got == 502
    assert headers["content-type"].startswith("text/html")
    assert body.startswith(b"<!DOCTYPE html>")
    assert "x-amzn-errortype" not in headers
    assert headers["access-control-allow-origin"] == ORIGIN


def _raw(stack, target):
    """A request whose reply is read by hand: (reply, connection)."""
    parts = urlsplit(stack.endpoint)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    payload = json.dumps({"IdentityPoolId": stack["identityPoolId"]}).encode()
    connection.request(
        "POST",
        "/",
        payload,
        {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target},
    )
    return connection.getresponse(), connection


def test_truncated_announces_the_whole_body_and_sends_half(stack):
    _arm(stack, operation="GetId", fault="truncated")
    reply, connection = _raw(stack, "AWSCognitoIdentityService.GetId")
    assert reply.status == 200
    announced = int(reply.getheader("Content-Length"))
    with pytest.raises(http.client.IncompleteRead) as caught:
        reply.read()
    assert len(caught.value.partial) == announced // 2 and announced > 10
    connection.close()
    reply, connection = _raw(stack, "AWSCognitoIdentityService.GetId")
    assert reply.status == 200 and "IdentityId" in json.loads(reply.read())
    connection.close()
    _arm(stack, operation="ListObjectsV2", fault="truncated")
    with pytest.raises(http.client.IncompleteRead):
        _list_objects(stack)


def test_content_type_and_date_alter_the_real_reply(stack):
    _arm(stack, operation="InitiateAuth", fault="content-type")
    got, headers, body = _initiate_auth(stack)
    assert got == 200 and headers["content-type"] == "text/plain"
    assert "AuthenticationResult" in json.loads(body)

    _arm(stack, operation="ListObjectsV2", fault="date-skew")
    got, headers, body = _list_objects(stack)
    assert got == 200 and b"<ListBucketResult" in body
    skew = email.utils.parsedate_to_datetime(headers["date"]).timestamp() - time.time()
    assert 3590 < skew < 3610
    _arm(stack, operation="InitiateAuth", fault="date-skew", offsetSeconds=-3600)
    got, headers, _ = _initiate_auth(stack)
    skew = email.utils.parsedate_to_datetime(headers["date"]).timestamp() - time.time()
    assert got == 200 and -3610 < skew < -3590
    got, headers, _ = _initiate_auth(stack)
    skew = email.utils.parsedate_to_datetime(headers["date"]).timestamp() - time.time()
    assert abs(skew) < 10


@pytest.mark.parametrize(
    "spec",
    [
        {"operation": "InitiateAuth", "fault": "bogus"},
        {"operation": "", "fault": "500"},
        {"fault": "500"},
        {"operation": "InitiateAuth", "fault": "500", "count": 0},
        {"operation": "InitiateAuth", "fault": "500", "count": "2"},
        {"operation": "InitiateAuth", "fault": "delay"},
        [],
    ],
)
def test_bad_specs_are_refused(stack, spec):
    status, headers, body = stack.send(
        "POST", "/_stack/faults", {"Content-Type": "application/json"}, json.dumps(spec).encode()
    )
    assert status == 400 and json.loads(body)["__type"] == "ValidationException"
    assert _faults(stack) == []


def test_the_endpoint_answers_browser_pages(stack):
    for method in ("POST", "DELETE"):
        status, headers, _ = stack.send(
            "OPTIONS",
            "/_stack/faults",
            {
                "Origin": ORIGIN,
                "Access-Control-Request-Method": method,
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert status == 200 and headers["access-control-allow-origin"] == ORIGIN
    status, headers, _ = stack.send(
        "POST",
        "/_stack/faults",
        {"Content-Type": "application/json", "Origin": ORIGIN},
        json.dumps({"operation": "GetId", "fault": "500"}).encode(),
    )
    assert status == 200 and headers["access-control-allow-origin"] == ORIGIN
