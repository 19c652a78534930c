"""Presigned URLs (SigV4 query authentication), with botocore's presigner as the reference
client and the identity pool's temporary credentials. Stock moto accepts any URL (auth off),
so the refusal tests fail against it (see test_patches_matter.py)."""

import datetime
import re
from unittest import mock
from urllib.parse import quote

import boto3
import pytest
from botocore.config import Config

ORIGIN = "http://127.0.0.1:8083"


def _error(body: bytes) -> tuple[str, str]:
    code = re.search(rb"<Code>([^<]+)</Code>", body)
    message = re.search(rb"<Message>([^<]*)</Message>", body)
    return (
        code.group(1).decode() if code else body[:200].decode(errors="replace"),
        message.group(1).decode() if message else "",
    )


def presign(stack, credentials, key=None, expires=120, at=None, operation="get_object", **params):
    """A presigned URL's path and query (after the endpoint), signed at `at` (default now)."""
    s3 = boto3.client(
        "s3",
        endpoint_url=stack.endpoint,
        region_name=stack.region,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretKey"],
        aws_session_token=credentials.get("SessionToken"),
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )
    params = {"Bucket": "demo-bucket", **params}
    if key is not None:
        params["Key"] = key
    if at is None:
        url = s3.generate_presigned_url(operation, Params=params, ExpiresIn=expires)
    else:
        naive_utc = at.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        with mock.patch("botocore.auth.get_current_datetime", return_value=naive_utc):
            url = s3.generate_presigned_url(operation, Params=params, ExpiresIn=expires)
    assert url.startswith(stack.endpoint)
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in url and "X-Amz-Signature=" in url
    return url[len(stack.endpoint) :]


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


@pytest.mark.parametrize(
    "key,body",
    [
        ("public/readme.txt", b"Hello from the public prefix.\n"),
        ("private/{own}/welcome.txt", b"Welcome, demo: only you can read this.\n"),
        (
            "public/unicode/h\u00e9llo w\u00f6rld \u2713.txt",
            "Unicode: h\u00e9llo w\u00f6rld \u2713\n".encode(),
        ),
        ("public/symbols/x=1&y=2 (copy).txt", b"Ampersand, parentheses.\n"),
    ],
)
def test_presigned_get_returns_the_object(stack, user_credentials, key, body):
    url = presign(stack, user_credentials, key.format(own=stack["identityIds"]["demo"]))
    assert "X-Amz-Security-Token=" in url, "temporary credentials sign their session token"
    status, _, reply = stack.send("GET", url)
    assert (status, reply) == (200, body)


def test_presigned_get_is_readable_cross_origin(stack, user_credentials):
    url = presign(stack, user_credentials, "public/readme.txt")
    status, headers, _ = stack.send("GET", url, {"Origin": ORIGIN})
    assert status == 200
    assert headers["access-control-allow-origin"] == ORIGIN
    status, headers, _ = stack.send("GET", url, {"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in headers


def test_presigned_listing_honours_prefix_conditions(stack, guest_credentials):
    url = presign(stack, guest_credentials, operation="list_objects_v2", Prefix="public/docs/")
    status, _, body = stack.send("GET", url)
    assert status == 200 and b"<Key>public/docs/guide.txt</Key>" in body
    url = presign(stack, guest_credentials, operation="list_objects_v2", Prefix="private/")
    status, _, body = stack.send("GET", url)
    assert (status, _error(body)[0]) == (403, "AccessDenied")


def test_iam_user_keys_presign_too(stack):
    admin = {
        "AccessKeyId": stack["admin"]["accessKeyId"],
        "SecretKey": stack["admin"]["secretAccessKey"],
    }
    url = presign(stack, admin, "top-level.txt")
    assert "X-Amz-Security-Token" not in url
    status, _, body = stack.send("GET", url)
    assert (status, body) == (200, b"Outside public/ and private/: nobody's role can read it.\n")


def test_guest_presigned_url_for_private_is_denied(stack, guest_credentials):
    status, _, body = stack.send("GET", presign(stack, guest_credentials, "private/secret.txt"))
    assert (status, _error(body)[0]) == (403, "AccessDenied")
    status, _, body = stack.send("GET", presign(stack, guest_credentials, "public/readme.txt"))
    assert (status, body) == (200, b"Hello from the public prefix.\n")


def test_nobody_may_presign_what_their_role_cannot_read(stack, user_credentials):
    status, _, body = stack.send("GET", presign(stack, user_credentials, "top-level.txt"))
    assert (status, _error(body)[0]) == (403, "AccessDenied")


def test_tampered_signature_is_refused(stack, user_credentials):
    url = presign(stack, user_credentials, "public/readme.txt")
    signature = re.search(r"X-Amz-Signature=([0-9a-f]{64})", url).group(1)
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    status, _, body = stack.send("GET", url.replace(signature, flipped))
    assert (status, _error(body)[0]) == (403, "SignatureDoesNotMatch")
    assert b"<CanonicalRequest>" in body and b"UNSIGNED-PAYLOAD" in body


@pytest.mark.parametrize(
    "change",
    [
        ("X-Amz-Expires=120", "X-Amz-Expires=121"),
        ("/public/readme.txt", "/public/docs/guide.txt"),
        ("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3Bx-amz-date"),
    ],
)
def test_url_changed_after_signing_is_refused(stack, user_credentials, change):
    url = presign(stack, user_credentials, "public/readme.txt", expires=120)
    assert change[0] in url
    status, _, body = stack.send("GET", url.replace(change[0], change[1], 1))
    assert (status, _error(body)[0]) == (403, "SignatureDoesNotMatch")


def test_extra_query_parameter_is_refused(stack, user_credentials):
    url = presign(stack, user_credentials, "public/readme.txt")
    status, _, body = stack.send("GET", url + "&response-content-type=text%2Fhtml")
    assert (status, _error(body)[0]) == (403, "SignatureDoesNotMatch")


def test_wrong_secret_or_session_token_is_refused(stack, user_credentials):
    wrong = dict(user_credentials, SecretKey="x" * 40)
    status, _, body = stack.send("GET", presign(stack, wrong, "public/readme.txt"))
    assert (status, _error(body)[0]) == (403, "SignatureDoesNotMatch")
    wrong = dict(user_credentials, SessionToken="not-the-token")
    status, _, body = stack.send("GET", presign(stack, wrong, "public/readme.txt"))
    assert (status, _error(body)[0]) == (400, "InvalidToken")


def test_expired_url_is_refused(stack, user_credentials):
    ten_minutes_ago = _now() - datetime.timedelta(minutes=10)
    url = presign(stack, user_credentials, "public/readme.txt", expires=60, at=ten_minutes_ago)
    status, _, body = stack.send("GET", url)
    assert (status, _error(body)) == (403, ("AccessDenied", "Request has expired"))
    assert b"<X-Amz-Expires>60</X-Amz-Expires>" in body
    # Signed at the same time but valid for an hour: still good (no 15-minute skew rule).
    url = presign(stack, user_credentials, "public/readme.txt", expires=3600, at=ten_minutes_ago)
    status, _, body = stack.send("GET", url)
    assert status == 200, body


def test_url_from_the_future_is_refused(stack, user_credentials):
    in_an_hour = _now() + datetime.timedelta(hours=1)
    url = presign(stack, user_credentials, "public/readme.txt", at=in_an_hour)
    status, _, body = stack.send("GET", url)
    assert (status, _error(body)) == (403, ("AccessDenied", "Request is not valid yet"))


@pytest.mark.parametrize(
    "change,message",
    [
        (("X-Amz-Expires=120", "X-Amz-Expires=604801"), "less than a week"),
        (("X-Amz-Expires=120", "X-Amz-Expires=soon"), "should be a number"),
        (("X-Amz-Expires=120", "X-Amz-Expires=-1"), "non-negative"),
        (("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1"), "only supports"),
        (("X-Amz-Date=", "X-Amz-Nothing="), "requires the X-Amz-Algorithm"),
        (("X-Amz-Date=", "X-Amz-Date=2024&x="), "ISO8601"),
        (("%2Fs3%2Faws4_request", "%2Fs3"), "mal-formed"),
    ],
)
def test_malformed_query_authentication_is_refused(stack, user_credentials, change, message):
    url = presign(stack, user_credentials, "public/readme.txt", expires=120)
    assert change[0] in url
    status, _, body = stack.send("GET", url.replace(change[0], change[1], 1))
    code, text = _error(body)
    assert (status, code) == (400, "AuthorizationQueryParametersError"), body
    assert message in text


def test_wrong_region_in_credential_is_refused(stack, user_credentials):
    url = presign(stack, user_credentials, "public/readme.txt")
    scope = f"%2F{stack.region}%2Fs3%2F"
    assert scope in url
    status, _, body = stack.send("GET", url.replace(scope, "%2Fus-west-2%2Fs3%2F"))
    assert (status, _error(body)[0]) == (400, "AuthorizationQueryParametersError")
    assert f"<Region>{stack.region}</Region>".encode() in body


def test_authorization_header_and_presigned_query_together_are_refused(stack, user_credentials):
    url = presign(stack, user_credentials, "public/readme.txt")
    header = stack.signed("GET", url, user_credentials).headers
    status, _, body = stack.send("GET", url, dict(header.items()))
    assert (status, _error(body)[0]) == (400, "InvalidArgument")


def test_unsigned_key_url_still_refused(stack):
    path = "/demo-bucket/" + quote("public/readme.txt")
    status, _, body = stack.send("GET", path)
    assert (status, _error(body)[0]) == (403, "AccessDenied")
